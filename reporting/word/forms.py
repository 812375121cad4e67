from django import forms
from django.utils.translation import gettext_lazy as _

from .safety import MAX_BYTES, WordRejected, name_check


class WordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The sub-agreement as a Word file (.docx)"),
        help_text=_("At most 10 MB: a file exported here and edited in Word or LibreOffice."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument."
                          "wordprocessingml.document"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            name_check(upload.name)
        except WordRejected as error:
            raise forms.ValidationError(error.messages) from None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB. Remove pictures or what is not needed.")
                % {"max": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(MAX_BYTES + 1)


class AcceptForm(forms.Form):
    """The changes the leder accepts; the choices are the ids of the preview's changes."""

    accept = forms.MultipleChoiceField(
        label=_("Accept"), required=True, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one change to accept, or cancel.")},
    )

    def __init__(self, *args, change_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].choices = [(change_id, change_id) for change_id in change_ids]
