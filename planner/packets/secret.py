"""The workspace's packet secret: the HMAC key of every packet's seal and row checks."""

from __future__ import annotations

import logging
import secrets

from planner.errors import BadInput
from planner.store.schema import Setting
from planner.workspace import Workspace

log = logging.getLogger(__name__)

SECRET_KEY = "packet_secret"


def packet_key(ws: Workspace) -> bytes:
    """Return the workspace's packet key, generating and storing it on first use (not an undoable edit)."""
    value = ws.setting(SECRET_KEY)
    if not value:
        if ws.read_only:
            raise BadInput("這個工作區還沒有填報表的簽章金鑰；請以一般方式（非唯讀）開啟一次後再試。")
        value = secrets.token_hex(32)
        Setting.insert(key=SECRET_KEY, value=value).on_conflict_replace().execute(ws.db)
        ws.state.settings[SECRET_KEY] = value
        log.info("generated the packet secret of %s", ws.path)
    return bytes.fromhex(value)
