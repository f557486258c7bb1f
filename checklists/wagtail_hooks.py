from wagtail.snippets.models import register_snippet

from checklists.viewsets import RegisterViewSetGroup

register_snippet(RegisterViewSetGroup)
