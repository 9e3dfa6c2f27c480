from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "xinfang.contacts"
    verbose_name = "便民一卡通"
