from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .reader import MAX_JSON_BYTES


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Exchange file (.json or .xlsx)"),
        help_text=_("A whole plan exported from Helhedsplan, or prepared in the workbook. "
                    "At most 20 MB (a workbook at most 5 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to use the file's. Lower-case letters, digits and hyphens."),
    )

    def clean_file(self) -> Any:  # the UploadedFile that FileField cleaned
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(
                _("Upload the plan as a JSON file (.json) or an Excel workbook (.xlsx).")
            )
        if upload.size > MAX_JSON_BYTES:
            raise forms.ValidationError(_("The file is larger than %(max)s; it is refused.")
                                        % {"max": "20 MB"})
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        content: bytes = upload.read(MAX_JSON_BYTES + 1)
        return content
