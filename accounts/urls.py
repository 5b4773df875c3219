from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("fragments/account-menu/", views.account_menu, name="account_menu"),
    path("fragments/greeting/", views.greeting, name="greeting"),
]
