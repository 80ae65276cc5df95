"""A progress report's attachment: what a unit may attach, checked by its content (core.files)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

from thucthi.core import files
from thucthi.core.errors import DomainError


def check_attachment(upload: Any) -> None:
    """Refuse a file that is too large, of a kind not taken, or whose content is not what its name
    says (a text file renamed .xlsx), with the reason next to the field."""
    limit = settings.TASK_ATTACHMENT_MAX_MB
    name = os.path.basename(str(upload.name or ""))
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise DomainError(f"Tệp quá lớn: tối đa {limit} MB.", field="attachment")
    kind = files.KINDS.get(files.extension(name))
    if kind is None:
        raise DomainError(f"Chỉ nhận tệp {files.accepted_labels()}.", field="attachment")
    if files.content_matches(name, upload) is None:
        raise DomainError(
            f"Tệp “{name}” không phải tệp {kind.label} thật (nội dung không khớp với đuôi tên tệp); hãy đính kèm tệp gốc.",
            field="attachment",
        )


def download_name(stored_name: str) -> str:
    return os.path.basename(stored_name)


def content_type(stored_name: str) -> str:
    kind = files.KINDS.get(files.extension(stored_name))
    return kind.content_type if kind is not None else "application/octet-stream"
