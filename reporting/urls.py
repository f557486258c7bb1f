from django.urls import path

from reporting.views import annual, deficiencies, programmes, review

app_name = "rapportering"

urlpatterns = [
    path("", programmes.home, name="home"),
    path("verksamheter/<int:pk>/", programmes.programme_detail, name="programme"),
    path("verksamheter/<int:pk>/logg/", programmes.programme_log, name="programme_log"),
    path("verksamheter/<int:pk>/jamfor/", programmes.programme_compare, name="programme_compare"),
    path(
        "verksamheter/<int:pk>/systembrister/ny/", deficiencies.report_create, name="report_create"
    ),
    path("verksamheter/<int:pk>/arenden/ny/", deficiencies.case_open, name="case_open"),
    path("verksamheter/<int:pk>/monster/", deficiencies.pattern, name="pattern"),
    path(
        "verksamheter/<int:pk>/monster.csv",
        deficiencies.pattern_export,
        {"export_format": "csv"},
        name="pattern_csv",
    ),
    path(
        "verksamheter/<int:pk>/monster.pdf",
        deficiencies.pattern_export,
        {"export_format": "pdf"},
        name="pattern_pdf",
    ),
    path("verksamheter/<int:pk>/arsredovisning/ny/", annual.annual_start, name="annual_start"),
    path("systembrister/<int:pk>/", deficiencies.report_detail, name="report"),
    path("systembrister/<int:pk>/andra/", deficiencies.report_edit, name="report_edit"),
    path("arenden/<int:pk>/", deficiencies.case_detail, name="case"),
    path("arenden/<int:pk>/rapporter/", deficiencies.case_reports, name="case_reports"),
    path("arsredovisningar/<int:pk>/", annual.annual_detail, name="annual"),
    path(
        "arsredovisningar/<int:pk>/version/<int:number>/",
        annual.annual_detail,
        name="annual_version",
    ),
    path(
        "arsredovisningar/<int:pk>/version/<int:number>/arsredovisning.csv",
        annual.annual_export,
        name="annual_csv",
    ),
    path("arsredovisningar/<int:pk>/andra/", annual.annual_edit, name="annual_edit"),
    path("arsredovisningar/<int:pk>/skicka-in/", annual.annual_submit, name="annual_submit"),
    path(
        "arsredovisningar/<int:pk>/ny-version/",
        annual.annual_new_version,
        name="annual_new_version",
    ),
    path("arsredovisningar/<int:pk>/granska/", annual.annual_review, name="annual_review"),
    path("arsredovisningar/<int:pk>/logg/", annual.annual_log, name="annual_log"),
    path("lan/<str:code>/", review.county, name="county"),
    path("lan/<str:code>/sammanstallning.csv", review.county_csv, name="county_csv"),
    path("nationellt/", review.national, name="national"),
]
