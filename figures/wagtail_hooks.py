from wagtail.snippets.models import register_snippet

from figures.viewsets import DataSetViewSet

register_snippet(DataSetViewSet)
