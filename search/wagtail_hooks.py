from wagtail.snippets.models import register_snippet

from search.viewsets import SynonymViewSet

register_snippet(SynonymViewSet)
