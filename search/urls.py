from django.urls import path
from django.utils.translation import pgettext_lazy

from search import views

# Under the language prefix: /sv/sok/ and /en/search/.
page_urls = [path(pgettext_lazy("URL", "sok/"), views.search_page, name="search")]

api_urls = [
    path("search/", views.search_api, name="search_api"),
    path("search/suggest/", views.suggest_api, name="search_suggest_api"),
]
