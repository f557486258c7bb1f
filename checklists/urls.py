from django.urls import path

from checklists import views

app_name = "tillsyn"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("lan/<str:code>/", views.county, name="county"),
    path("lan/<str:code>/sammanstallning.csv", views.county_csv, name="county_csv"),
    path("lan/<str:code>/ny-verksamhet/", views.programme_create, name="programme_create"),
    path("verksamheter/<int:pk>/", views.programme_detail, name="programme"),
    path("verksamheter/<int:pk>/andra/", views.programme_edit, name="programme_edit"),
    path("verksamheter/<int:pk>/ny-bedomning/", views.assessment_start, name="start"),
    path("bedomningar/<int:pk>/", views.assessment_detail, name="assessment"),
    path("bedomningar/<int:pk>/omraden/<slug:area>/", views.assessment_area, name="area"),
    path("bedomningar/<int:pk>/klarmarkera/", views.assessment_complete, name="complete"),
    path("bedomningar/<int:pk>/oppna-igen/", views.assessment_reopen, name="reopen"),
    path("bedomningar/<int:pk>/jamfor/", views.assessment_compare, name="compare"),
    path("bedomningar/<int:pk>/logg/", views.assessment_log, name="log"),
    path(
        "bedomningar/<int:pk>/bedomning.pdf",
        views.assessment_export,
        {"export_format": "pdf"},
        name="export_pdf",
    ),
    path(
        "bedomningar/<int:pk>/bedomning.csv",
        views.assessment_export,
        {"export_format": "csv"},
        name="export_csv",
    ),
]
