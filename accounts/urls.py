"""/konto/: signing in with a second factor. Swedish only, outside the language prefixes."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("tvastegsverifiering/", views.verify_view, name="verify"),
    path("aktivera-tvastegs/", views.enroll_view, name="enroll"),
    path("logga-ut/", views.logout_view, name="logout"),
    path("byt-losenord/", views.password_change_view, name="password_change"),
]
