"""The act as a document (Markdown and PDF), in the workspace language (SPEC §4).

The same document is attached to the act's thread on closing and written by
`socialops handover export`. People appear by Slack user id: the one identifier that
stays unambiguous after someone leaves and their display name is reused.
The PDF uses fpdf2's core Helvetica (Latin-1: every Spanish letter, ¿ and ¡ included);
characters outside Latin-1 are transliterated rather than dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from bot.core.i18n import Catalog, Translator
from bot.handover.views import ActView, ItemView, item_title, via_names


@dataclass(frozen=True)
class Document:
    title: str
    lines: list[tuple[str, str]]  # (style, text): h1, h2, p
    table_head: list[str]
    table: list[list[str]]
    signatures: list[str]
    seal: list[str]


def _id(user: str | None) -> str:
    return user or "—"


def _notes(tr: Translator, item: ItemView) -> str:
    notes = []
    if item.detail.get("shared_password"):
        notes.append(tr("handover.doc.shared_password"))
    if item.detail.get("via"):
        notes.append(tr("handover.doc.via", via=via_names(tr, item)))
    return "; ".join(notes)


def compose(tr: Translator, view: ActView) -> Document:
    act = view.act
    tz = str(view.tz)
    head = [
        ("p", tr("handover.doc.workspace", team=act.team_id)),
        ("p", tr("handover.doc.leaving", user=_id(act.leaving_id))),
        ("p", tr("handover.doc.receiver", user=_id(act.receiver_id))),
        ("p", tr("handover.doc.reason", reason=act.reason or "—")),
        ("p", tr("handover.doc.started", user=_id(act.started_by), at=view.local(act.started_at), tz=tz)),
        ("p", tr("handover.doc.status", state=tr(f"handover.state.{act.status}"))),
    ]
    rows = []
    for item in sorted(view.items, key=lambda i: i.position):
        title = item_title(tr, item)
        notes = _notes(tr, item)
        rows.append(
            [
                str(item.position),
                f"{title} ({notes})" if notes else title,
                tr(f"handover.status.{item.status}"),
                f"{_id(item.requested_by)} {view.local(item.requested_at)}".strip()
                if item.requested_at
                else "—",
                _id(item.done_by) if item.status == "done" else "—",
                view.local(item.done_at) if item.status == "done" else "—",
            ]
        )
    if act.delivered_at:
        deliver = tr("handover.doc.signed", user=_id(act.delivered_by), at=view.local(act.delivered_at))
    elif act.leaver_unavailable_at:
        deliver = tr(
            "handover.doc.unavailable",
            user=_id(act.leaver_unavailable_by),
            at=view.local(act.leaver_unavailable_at),
        )
    else:
        deliver = tr("handover.doc.unsigned")
    receive = (
        tr("handover.doc.signed", user=_id(act.received_by), at=view.local(act.received_at))
        if act.received_at
        else tr("handover.doc.unsigned")
    )
    witness = (
        tr("handover.doc.signed", user=_id(act.closed_by), at=view.local(act.closed_at))
        if act.closed_at
        else tr("handover.doc.unsigned")
    )
    signatures = [
        tr("handover.doc.sig_deliver", user=_id(act.leaving_id), state=deliver),
        tr("handover.doc.sig_receive", user=_id(act.receiver_id), state=receive),
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
    return Document(tr("handover.title", act=act.number), head, head_row, rows, signatures, seal)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(tr: Translator, doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    out += [f"- {text}" for _, text in doc.lines]
    out += ["", f"## {tr('handover.doc.checklist')}", ""]
    if doc.table:
        out.append("| " + " | ".join(doc.table_head) + " |")
        out.append("|" + "|".join("---" for _ in doc.table_head) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in doc.table]
    else:
        out.append(tr("handover.doc.no_items"))
    out += ["", f"## {tr('handover.doc.signatures')}", ""]
    out += [f"- {s}" for s in doc.signatures]
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
    for _, text in doc.lines:
        pdf.multi_cell(width, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

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
    for line in doc.signatures:
        pdf.multi_cell(width, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    heading(tr("handover.doc.seal"))
    pdf.set_font("Courier", "", 8)
    for line in doc.seal:
        pdf.multi_cell(width, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render(view: ActView, catalog: Catalog) -> tuple[str, bytes]:
    """(markdown, pdf) of an act in its workspace language."""
    tr = Translator(view.language, catalog)
    doc = compose(tr, view)
    return to_markdown(tr, doc), to_pdf(tr, doc)


def filename(view: ActView, ext: str) -> str:
    return f"{view.act.number}.{ext}"
