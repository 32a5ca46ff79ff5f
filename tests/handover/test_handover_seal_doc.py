from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text, update

from bot.cli import main as cli_main
from bot.core.authz import Actor
from bot.core.config import Settings
from bot.features import registries, translator
from bot.handover import acts as svc
from bot.handover import close as closing
from bot.handover import document as handover_doc
from bot.handover import refresh as handover_refresh
from bot.handover.seal import check_closed_acts
from bot.handover.views import build_view
from handlers.handover.blocks import act_message, show_blocks
from storage.db import Database
from storage.models import HandoverAct, HandoverItem
from tests.conftest import run_as
from tests.handover.seed import (
    Seeded,
    add_account,
    add_grant,
    complete_everything,
    give_role,
    seed_leaver,
    set_channel,
)

TEAM, ADMIN, ANA, BEA, CARL = "T1", "U0ADMIN", "U0ANA", "U0BEA", "U0CARL"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, socialops_admins=(ADMIN,))


def closed_act(db: Database, settings: Settings, *, language: str = "en") -> HandoverAct:
    with db.uow() as s:
        set_channel(s, TEAM, "C0APPROVALS", language=language, tz="Europe/Madrid")
        give_role(s, TEAM, ANA, "custodian")
        seeded: Seeded = seed_leaver(s, TEAM, CARL, ANA, ADMIN)
    ana, carl, bea = Actor(TEAM, ANA), Actor(TEAM, CARL), Actor(TEAM, BEA)
    act = run_as(db, ana, lambda s: svc.start_act(
        s, settings, ana, leaving=CARL, receiver=BEA, reason="Se va a otra empresa — ¡suerte!", channel=None,
        now=NOW))
    complete_everything(db, settings, TEAM, act.id, seeded, ANA, NOW)
    run_as(db, carl, lambda s: closing.sign_deliver(s, carl, act.id, NOW + timedelta(hours=3)))
    run_as(db, bea, lambda s: closing.sign_receive(s, bea, act.id, NOW + timedelta(hours=3)))
    return run_as(db, ana, lambda s: closing.close_act(s, settings, ana, act.id, NOW + timedelta(hours=4)))


def test_untouched_closed_act_verifies(db: Database, settings: Settings) -> None:
    closed_act(db, settings)
    with db.uow() as s:
        assert check_closed_acts(s, TEAM) == []


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE handover_items SET done_by = 'U0EVIL' WHERE position = 1",
        "UPDATE handover_acts SET receiver_id = 'U0EVIL'",
        "DELETE FROM handover_items WHERE position = 2",
        "UPDATE handover_acts SET status = 'open'",
    ],
)
def test_tampering_with_a_closed_act_is_detected(db: Database, settings: Settings, db_url: str, tamper: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    act = closed_act(db, settings)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli_main(["audit", "verify"]) == 0
    assert "SEAL BROKEN" not in capsys.readouterr().out
    with db.engine.begin() as conn:
        conn.execute(text(tamper))
    with db.uow() as s:
        problems = check_closed_acts(s, TEAM)
    assert len(problems) == 1 and act.number in problems[0]
    assert cli_main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"{TEAM}: ok" in out  # the chain itself is intact…
    assert f"{TEAM}: SEAL BROKEN: handover act {act.number}" in out  # …the sealed act is not


def test_a_deleted_sealed_act_is_detected(db: Database, settings: Settings) -> None:
    act = closed_act(db, settings)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM handover_items"))
        conn.execute(text("DELETE FROM handover_acts"))
    with db.uow() as s:
        assert check_closed_acts(s, TEAM) == [
            f"handover act {act.number} is sealed in the audit chain but missing from the database"]


def test_document_in_spanish_markdown_and_pdf(db: Database, settings: Settings, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    act = closed_act(db, settings, language="es")
    with db.uow() as s:
        view = build_view(s, s.get(HandoverAct, act.id) or act, settings)
    markdown, pdf = handover_doc.render(view, registries().catalog)
    assert markdown.startswith(f"# Acta de entrega {act.number}")
    assert "Cambiar contraseña: x @acme.x (Acme)" in markdown and "contraseña compartida" in markdown
    # No names looked up (no Slack here): the ids; the date in Spanish, Madrid time (UTC+1).
    assert "Entrego (U0CARL): firmado por U0CARL el 2 de marzo de 2026, 13:00" in markdown
    assert act.content_hash and act.content_hash in markdown
    reader = PdfReader(io.BytesIO(pdf))
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Acta de entrega", act.number, "Revocar acceso", "Cambiar contraseña", "Recibo (U0BEA)",
                     "Se va a otra empresa - ¡suerte!", "Huella del contenido", "Testigo"):
        assert expected in pdf_text, expected
    assert act.content_hash[:32] in pdf_text.replace("\n", "")
    # The CLI writes the same document.
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "act.pdf"
    assert cli_main(["handover", "export", act.number, "--format", "pdf", "--output", str(out)]) == 0
    assert "Acta de entrega" in PdfReader(out).pages[0].extract_text()
    md_out = tmp_path / "act.md"
    assert cli_main(["handover", "export", act.number.lower(), "--team", TEAM, "--output", str(md_out)]) == 0
    assert md_out.read_text(encoding="utf-8") == markdown
    assert cli_main(["handover", "export", "ACT-2026-0999"]) == 1


def test_large_acts_stay_within_block_kit_limits(db: Database, settings: Settings) -> None:
    with db.uow() as s:
        set_channel(s, TEAM, "C0APPROVALS")
        for n in range(70):
            account = add_account(s, TEAM, f"brand{n}-" + "x" * 100, custodian=CARL if n % 2 else ANA,
                                  created_by=ADMIN)
            add_grant(s, TEAM, account, CARL, shared_password=n % 3 == 0)
    admin = Actor(TEAM, ADMIN)
    act = run_as(db, admin, lambda s: svc.start_act(s, settings, admin, leaving=CARL, receiver=None,
                                                        reason="r" * 5000, channel=None, now=NOW))
    with db.uow() as s:
        act_row = s.get(HandoverAct, act.id)
        assert act_row is not None
        view = build_view(s, act_row, settings)
    assert len(view.items) == 70 + 35 + 24
    _, blocks = act_message(translator("es"), view)
    assert len(blocks) <= 50
    item_sections = [b for b in blocks if b["type"] == "section" and "accessory" in b]
    assert len(item_sections) == 15  # one page of items
    assert any(b["type"] == "actions" and any(e["action_id"] == "handover_page_next" for e in b["elements"])
               for b in blocks)
    assert any(b.get("block_id", "").startswith("handover_pick:") for b in blocks)  # choose a receiver
    for b in blocks:
        for field in (b.get("text") or {}, *b.get("elements", [])):
            if isinstance(field, dict) and field.get("type") == "mrkdwn":
                assert len(field["text"]) <= 3000
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
    json.dumps(blocks)
    _, show = show_blocks(translator("en"), view)
    assert len(show) <= 50
    # The last page shows the rest, and nothing beyond.
    with db.uow() as s:
        svc.set_page(s, TEAM, act.id, 99)
    with db.uow() as s:
        act_row = s.get(HandoverAct, act.id)
        assert act_row is not None
        _, last = act_message(translator("en"), build_view(s, act_row, settings))
    positions = [b for b in last if b["type"] == "section" and "*" in b["text"]["text"]]
    assert 0 < len(positions) <= 15


def test_refresh_fires_after_commit_only(db: Database, settings: Settings) -> None:
    calls: list[tuple[str, int]] = []
    handover_refresh.register_refresher(db.engine, lambda team, act_id: calls.append((team, act_id)))
    with db.uow() as s:
        set_channel(s, TEAM, "C0APPROVALS")
    admin = Actor(TEAM, ADMIN)
    act = run_as(db, admin, lambda s: svc.start_act(s, settings, admin, leaving=CARL, receiver=None,
                                                        reason="", channel=None, now=NOW))
    calls.clear()
    with pytest.raises(RuntimeError), db.uow() as s:
        svc.set_page(s, TEAM, act.id, 1)
        raise RuntimeError("rolled back")
    assert calls == []
    run_as(db, admin, lambda s: svc.set_receiver(s, settings, admin, act.id, BEA, NOW))
    assert calls == [(TEAM, act.id)]
    with db.uow() as s:
        assert s.scalar(select(HandoverAct.receiver_id)) == BEA
        s.execute(update(HandoverItem).values(label="x"))  # no act marked: no refresh
    assert calls == [(TEAM, act.id)]
