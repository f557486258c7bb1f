// Draftail plugin: refer to a glossary term (guidance.Term) from rich text.
// The chooser is Wagtail's own snippet chooser; the entity is shown like a document link
// (label = the term, link = its edit view), so editors see and can change every reference.
(function () {
    "use strict";
    if (!window.draftail) {
        return;
    }

    class TermSource extends window.draftail.ModalWorkflowSource {
        getChooserConfig() {
            return {
                url: this.props.entityType.chooserUrls.termChooser,
                urlParams: {},
                onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
                responses: { chosen: this.onChosen },
            };
        }

        onChosen(data) {
            // The snippet chooser answers {id, string, edit_url}; the base class inserts
            // `title` as link text when nothing is selected.
            super.onChosen({ ...data, title: data.string });
        }

        filterEntityData(data) {
            return { id: data.id, url: data.edit_url, filename: data.string };
        }
    }

    const plugin = { type: "TERM", source: TermSource };
    const entityTypes = window.draftail.registerPlugin(plugin, "entityTypes");
    plugin.decorator = entityTypes.DOCUMENT.decorator;
})();
