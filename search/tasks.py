from django.apps import apps

from django_tasks import task

from .indexing import update_object_index


@task()
def update_search_index(app_label, model_name, pk):
    """Index (or un-index) one object; harmless to run twice, never raises for a backend failure."""
    return update_object_index(apps.get_model(app_label, model_name), pk)
