from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..safety import MAX_BYTES, SpreadsheetRejected, name_check


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("At most 5 MB. Only the sheet of this kind is read."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:  # the UploadedFile that FileField cleaned
        upload = self.cleaned_data["file"]
        try:
            name_check(upload.name)
        except SpreadsheetRejected as error:
            raise forms.ValidationError(error.messages) from None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s. Split it or remove what is not needed.")
                % {"max": "5 MB"}
            )
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        content: bytes = upload.read(MAX_BYTES + 1)
        return content
