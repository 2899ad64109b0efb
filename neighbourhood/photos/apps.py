from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "neighbourhood.photos"
    label = "photos"
    verbose_name = _("Photos")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from neighbourhood.photos.models import Photo
        from neighbourhood.photos.services import delete_files_on_commit

        # On the row's deletion, however it happens: through the services, a subject's photos,
        # or a cascade from the owner's account (accounts.user_erase deletes the user, and the
        # database's cascade reaches the photos without accounts knowing of them).
        post_delete.connect(delete_files_on_commit, sender=Photo, dispatch_uid="photo_files")
