"""The word counts keep short words and numbers as well (search.analysis.counted_words): count
every search document's words again, so that how rare "år" or "18" is comes from the content
instead of being taken as unknown (and so as rare as a word can be)."""

from django.db import migrations

from search import analysis

FIELDS = ("title", "keywords", "summary", "body")


def recount(apps, schema_editor):
    SearchDocument = apps.get_model("portal_search", "SearchDocument")
    SearchWord = apps.get_model("portal_search", "SearchWord")
    documents = SearchDocument.objects.only(*FIELDS).iterator(chunk_size=500)
    counts = analysis.word_counts(" ".join(getattr(d, n) for n in FIELDS) for d in documents)
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=analysis.stem(w), documents=n) for w, n in counts.items()],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0006_snippets_out_of_the_admin_index")]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
