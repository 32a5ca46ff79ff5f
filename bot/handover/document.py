"""The act as a document (Markdown and PDF), in the workspace language (SPEC §4).

The same document is attached to the act's thread on closing and written by
`socialops handover export`. People appear by name (and e-mail) as Slack knew them when
the act was drawn up, signed and closed — recorded on the act and sealed with it, so the
document never changes afterwards — with their Slack user id in small print: the one
identifier that stays unambiguous after someone leaves and their name is reused. Dates are
in the workspace's zone and language.
The PDF uses fpdf2's core Helvetica (Latin-1: every Spanish letter, ¿ and ¡ included);
characters outside Latin-1 are transliterated rather than dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.i18n import Catalog, Translator
from bot.handover.views import ActView, ItemView, automatic_request, item_title, via_names
from storage.models import HandoverAct

# Small print inside a line of text (the PDF draws it smaller, Markdown as <sub>): two control
# characters nobody types, stripped from whatever people wrote before they can be mistaken.
SMALL_ON, SMALL_OFF = "\x0e", "\x0f"


@dataclass(frozen=True)
class Document:
    title: str
    lines: list[tuple[str, str]]  # (style, text): h1, h2, p
    table_head: list[str]
    table: list[list[str]]
    signatures: list[str]
    seal: list[str]
    people: list[str]


def _plain(text: str) -> str:
    return text.replace(SMALL_ON, "").replace(SMALL_OFF, "")


def _small(text: str) -> str:
    return f"{SMALL_ON}{text}{SMALL_OFF}"


def _named(act: HandoverAct, user: str | None) -> dict[str, str] | None:
    entry = (act.people or {}).get(user or "")
    return entry if isinstance(entry, dict) and entry.get("name") else None


def person(act: HandoverAct, user: str | None) -> str:
    """"Carl Díaz (carl@acme.example) U0CARL": the name and e-mail as of the act, the id in small print."""
    if not user:
        return "—"
    entry = _named(act, user)
    if entry is None:
        return user  # Slack could not name them: the id is all the act knows
    email = _plain(str(entry.get("email") or ""))
    name = _plain(str(entry["name"]))
    return f"{name} ({email}) {_small(user)}" if email else f"{name} {_small(user)}"


def short_name(act: HandoverAct, user: str | None) -> str:
    """The name alone, for the checklist's narrow columns (the people list has the rest)."""
    entry = _named(act, user)
    return _plain(str(entry["name"])) if entry else (user or "—")


def local_date(tr: Translator, view: ActView, when: datetime | None) -> str:
    """"2 March 2026, 10:00" / "2 de marzo de 2026, 10:00", in the workspace's zone."""
    if when is None:
        return ""
    at = when.astimezone(view.tz)
    months = tr("handover.doc.months").split(",")
    return tr("handover.doc.date", day=at.day, month=months[at.month - 1].strip(), year=at.year,
              time=at.strftime("%H:%M"))


def _notes(tr: Translator, item: ItemView) -> str:
    notes = []
    if item.detail.get("shared_password"):
        notes.append(tr("handover.doc.shared_password"))
    if item.detail.get("via"):
        notes.append(tr("handover.doc.via", via=via_names(tr, item)))
    return "; ".join(notes)


def _requested(tr: Translator, view: ActView, item: ItemView) -> str:
    if not item.requested_at:
        return "—"
    why = automatic_request(item)
    by = tr(why) if why else short_name(view.act, item.requested_by)
    return f"{by}, {local_date(tr, view, item.requested_at)}"


def compose(tr: Translator, view: ActView) -> Document:
    act = view.act
    tz = str(view.tz)

    def signed(user: str | None, at: datetime | None) -> str:
        return tr("handover.doc.signed", user=person(act, user), at=local_date(tr, view, at))

    head = [
        ("p", tr("handover.doc.workspace", team=act.team_id)),
        ("p", tr("handover.doc.leaving", user=person(act, act.leaving_id))),
        ("p", tr("handover.doc.receiver", user=person(act, act.receiver_id))),
        ("p", tr("handover.doc.reason", reason=_plain(act.reason) or "—")),
        ("p", tr("handover.doc.started", user=person(act, act.started_by), at=local_date(tr, view, act.started_at),
                 tz=tz)),
        ("p", tr("handover.doc.status", state=tr(f"handover.state.{act.status}"))),
    ]
    if act.cancelled_at:
        head.append(("p", tr("handover.doc.cancelled", user=person(act, act.cancelled_by),
                             at=local_date(tr, view, act.cancelled_at), reason=_plain(act.cancel_reason or ""))))
    rows = []
    for item in sorted(view.items, key=lambda i: i.position):
        title = _plain(item_title(tr, item))
        notes = _notes(tr, item)
        done = item.status == "done"
        rows.append(
            [
                str(item.position),
                f"{title} ({notes})" if notes else title,
                tr(f"handover.status.{item.status}"),
                _requested(tr, view, item),
                short_name(act, item.done_by) if done else "—",
                local_date(tr, view, item.done_at) if done else "—",
            ]
        )
    if act.delivered_at:
        deliver = signed(act.delivered_by, act.delivered_at)
    elif act.leaver_unavailable_at:
        deliver = tr(
            "handover.doc.unavailable",
            user=person(act, act.leaver_unavailable_by),
            at=local_date(tr, view, act.leaver_unavailable_at),
        )
    else:
        deliver = tr("handover.doc.unsigned")
    receive = signed(act.received_by, act.received_at) if act.received_at else tr("handover.doc.unsigned")
    witness = signed(act.closed_by, act.closed_at) if act.closed_at else tr("handover.doc.unsigned")
    signatures = [
        tr("handover.doc.sig_deliver", user=short_name(act, act.leaving_id), state=deliver),
        tr("handover.doc.sig_receive", user=short_name(act, act.receiver_id), state=receive),
        tr("handover.doc.sig_witness", state=witness),
    ]
    seal = (
        [tr("handover.doc.hash", hash=act.content_hash), tr("handover.doc.hash_note")]
        if act.content_hash
        else [tr("handover.doc.not_sealed")]
    )
    head_row = [
        tr(f"handover.doc.col_{c}") for c in ("n", "action", "status", "requested", "done_by", "done_at")
    ]
    named = sorted((u for u in (act.people or {}) if _named(act, u)), key=lambda u: (short_name(act, u), u))
    people = [person(act, u) for u in named]
    return Document(tr("handover.title", act=act.number), head, head_row, rows, signatures, seal, people)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md(text: str) -> str:
    return text.replace(SMALL_ON, "<sub>").replace(SMALL_OFF, "</sub>")


def to_markdown(tr: Translator, doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    out += [f"- {_md(text)}" for _, text in doc.lines]
    out += ["", f"## {tr('handover.doc.checklist')}", ""]
    if doc.table:
        out.append("| " + " | ".join(doc.table_head) + " |")
        out.append("|" + "|".join("---" for _ in doc.table_head) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in doc.table]
    else:
        out.append(tr("handover.doc.no_items"))
    out += ["", f"## {tr('handover.doc.signatures')}", ""]
    out += [f"- {_md(s)}" for s in doc.signatures]
    if doc.people:
        out += ["", f"## {tr('handover.doc.people')}", ""]
        out += [f"- {_md(s)}" for s in doc.people]
    out += ["", f"## {tr('handover.doc.seal')}", ""]
    out += [f"{s}  " for s in doc.seal]
    return "\n".join(out) + "\n"


_TRANSLITERATE = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "…": "...",
        "→": "->",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "•": "-",
        "\u00a0": " ",
        "✓": "v",
    }
)


def latin1(text: str) -> str:
    """Text the core fonts can draw: Latin-1 kept (á, ñ, ¿, ¡…), the rest transliterated or '?'."""
    return text.translate(_TRANSLITERATE).encode("latin-1", "replace").decode("latin-1")


def to_pdf(tr: Translator, doc: Document) -> bytes:
    from fpdf import FPDF  # ~40 MB with fontTools and Pillow: loaded when an act is drawn, not at start

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(doc.title))
    pdf.set_creator("SocialOps")
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 9, latin1(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)

    def line(text: str, height: float) -> None:
        """One paragraph, its small print (the Slack ids) a few points smaller."""
        size = pdf.font_size_pt
        for n, part in enumerate(text.replace(SMALL_OFF, SMALL_ON).split(SMALL_ON)):
            if part:
                pdf.set_font_size(size - 3 if n % 2 else size)
                pdf.write(height, latin1(part))
        pdf.set_font_size(size)
        pdf.ln(height)

    for _, text in doc.lines:
        line(text, 6)

    def heading(text: str) -> None:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(width, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    heading(tr("handover.doc.checklist"))
    if doc.table:
        with pdf.table(col_widths=(7, 70, 18, 30, 22, 25), text_align="LEFT", line_height=5) as table:
            for row in [doc.table_head, *doc.table]:
                cells = table.row()
                for value in row:
                    cells.cell(latin1(value))
    else:
        pdf.multi_cell(width, 6, latin1(tr("handover.doc.no_items")), new_x="LMARGIN", new_y="NEXT")
    heading(tr("handover.doc.signatures"))
    for text in doc.signatures:
        line(text, 6)
    if doc.people:
        heading(tr("handover.doc.people"))
        for text in doc.people:
            line(text, 5)
    heading(tr("handover.doc.seal"))
    pdf.set_font("Courier", "", 8)
    for text in doc.seal:
        pdf.multi_cell(width, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render(view: ActView, catalog: Catalog) -> tuple[str, bytes]:
    """(markdown, pdf) of an act in its workspace language."""
    tr = Translator(view.language, catalog)
    doc = compose(tr, view)
    return to_markdown(tr, doc), to_pdf(tr, doc)


def filename(view: ActView, ext: str) -> str:
    return f"{view.act.number}.{ext}"
