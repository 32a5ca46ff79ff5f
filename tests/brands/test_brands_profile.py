"""`/socialops brand` through signed requests: the form, versions, history, who may edit, conflicts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.brands.profiles import profile_of
from bot.devtools.slack.payloads import build_state
from handlers.brands.ids import BrandsIds as I
from storage.models import Account, AuditEntry, BrandProfile, BrandProfileVersion, Post
from tests.access.support import told
from tests.conftest import ADMIN, ANA, BEA, CARL, GENERAL, TEAM
from tests.handover.seed import add_account

OTHER_TEAM = "T0OTHER"


def v(block: str) -> str:
    return f"{block}.{I.A_VALUE}"


@pytest.fixture
def inventory(rt: Any, setup_workspace: None) -> None:
    """Two brands here (one also archived elsewhere), and a brand only another workspace has."""
    with rt.ctx.db.uow() as s:
        add_account(s, TEAM, "acmeshop", custodian=ANA, created_by=ADMIN, brand="Acme")
        add_account(s, TEAM, "acmejobs", network="linkedin", custodian=ANA, created_by=ADMIN, brand="Acme")
        add_account(s, TEAM, "globex", custodian=ANA, created_by=ADMIN, brand="Globex")
        add_account(s, TEAM, "initech", custodian=ANA, created_by=ADMIN, brand="Initech", status="archived")
        add_account(s, OTHER_TEAM, "umbrella", custodian="U2ANA", created_by="U2ADMIN", brand="Umbrella")


def versions(rt: Any) -> list[BrandProfileVersion]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(BrandProfileVersion).order_by(BrandProfileVersion.id)))


def profiles(rt: Any) -> list[BrandProfile]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(BrandProfile).order_by(BrandProfile.id)))


def open_form(driver: Any, slack: Any, user: str, brand: str = "Acme") -> dict[str, Any]:
    driver.command(user, "/socialops", f"brand {brand}")
    stack = slack.views(user)
    assert stack and stack[-1]["callback_id"] == I.PROFILE_VIEW, told(slack, user)[-1:]
    return dict(stack[-1])


FILLED = {
    v(I.B_SERVICES): "Online shop for outdoor gear",
    v(I.B_AUDIENCE): "Hikers, 25-45",
    v(I.B_COMPETITORS): "Globex\nInitech, Globex",
    v(I.B_FORBIDDEN_WORDS): "crédito, cheap\n  free   money ",
    v(I.B_NEVER_TOPICS): "politics",
    v(I.B_APPROVED_HASHTAGS): "SummerSale, #Hiking\n#hiking",
    v(I.B_TONE): "Warm, expert",
    v(I.B_USUAL_HOURS): "17-20, 09-13",
}


def test_an_editor_saves_a_version_and_it_reaches_the_posts_feature(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    form = open_form(driver, slack, ANA)
    assert json.loads(form["private_metadata"]) == {"brand": "Acme", "version": 0}
    response = driver.submit(ANA, FILLED)
    assert response.status == 200 and not response.errors
    assert not slack.views(ANA)  # the form closed
    assert "Saved version 1" in told(slack, ANA)[-1]
    with rt.ctx.db.uow() as s:
        profile = profile_of(s, TEAM, "ACME")  # brands compare without regard to case
        assert profile_of(s, OTHER_TEAM, "Acme") is None
    assert profile is not None and profile.version == 1 and profile.updated_by == ANA
    # Lists normalised: trimmed, inner spaces collapsed, deduplicated ignoring case, hashtags with "#".
    assert profile.competitors == ("Globex", "Initech")
    assert profile.forbidden_words == ("crédito", "cheap", "free money")
    assert profile.never_topics == ("politics",)
    assert profile.approved_hashtags == ("#SummerSale", "#Hiking")
    assert profile.usual_hours == ((9, 13), (17, 20))
    [first] = versions(rt)
    assert first.version == 1 and first.changed_by == ANA
    assert first.changes["tone"] == {"old": "", "new": "Warm, expert"}
    assert first.changes["usual_hours"] == {"old": [], "new": [[9, 13], [17, 20]]}
    assert set(first.changes) == {"services", "audience", "competitors", "forbidden_words", "never_topics",
                                  "approved_hashtags", "tone", "usual_hours"}

    # The second editor (an approver) changes one field: version 2 records only that field.
    form = open_form(driver, slack, BEA)
    assert json.loads(form["private_metadata"])["version"] == 1
    initial = {b["block_id"]: b["element"].get("initial_value") for b in form["blocks"] if b["type"] == "input"}
    assert initial[I.B_USUAL_HOURS] == "09-13, 17-20" and initial[I.B_APPROVED_HASHTAGS] == "#SummerSale\n#Hiking"
    assert driver.submit(BEA, {v(I.B_TONE): "Warm, expert, never smug"}).status == 200
    latest = versions(rt)[-1]
    assert (latest.version, latest.changed_by) == (2, BEA)
    assert latest.changes == {"tone": {"old": "Warm, expert", "new": "Warm, expert, never smug"}}
    [row] = profiles(rt)
    assert row.version == 2 and row.services == "Online shop for outdoor gear"  # the rest kept

    # The history: newest first, who, which fields, old → new.
    driver.command(CARL, "/socialops", "brand acme history")
    history = slack.ephemerals(CARL)[-1]
    text = json.dumps(history["blocks"])
    assert text.index("Version 2") < text.index("Version 1")
    assert f"<@{BEA}>" in text and f"<@{ANA}>" in text and "Warm, expert, never smug" in text
    with rt.ctx.db.uow() as s:
        audited = [(e.actor, e.action, e.subject) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "brand.edit").order_by(AuditEntry.seq))]
    assert audited == [(ANA, "brand.edit", "Acme"), (BEA, "brand.edit", "Acme")]


def test_saving_an_unchanged_form_writes_no_version(driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    driver.submit(ANA, FILLED)
    open_form(driver, slack, ANA)
    response = driver.submit(ANA, {})  # as opened: every field at its initial value
    assert response.status == 200 and not response.errors
    assert "Nothing changed" in told(slack, ANA)[-1]
    assert [x.version for x in versions(rt)] == [1] and profiles(rt)[0].version == 1
    # An empty profile saved empty writes nothing at all either.
    open_form(driver, slack, ANA, "Globex")
    driver.submit(ANA, {})
    assert [p.brand for p in profiles(rt)] == ["Acme"]


def test_two_editors_at_once_the_second_gets_an_inline_conflict(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    driver.submit(ANA, FILLED)
    ana_form, bea_form = open_form(driver, slack, ANA), open_form(driver, slack, BEA)
    assert driver.submit(ANA, {v(I.B_TONE): "Playful"}, view_id=ana_form["id"]).status == 200
    response = driver.submit(BEA, {v(I.B_TONE): "Formal"}, view_id=bea_form["id"])
    [(block, message)] = response.errors.items()
    assert block == I.B_SERVICES  # an error of the whole form shows on its first field
    assert "Changed by @ana meanwhile" in message and "reopen" in message
    assert slack.views(BEA)  # still open with the error, nothing overwritten
    assert profiles(rt)[0].tone == "Playful" and [x.version for x in versions(rt)] == [1, 2]
    # Reopened, Bea sees Ana's change and saves on top of it.
    open_form(driver, slack, BEA)
    assert driver.submit(BEA, {v(I.B_TONE): "Formal"}).status == 200
    assert profiles(rt)[0].tone == "Formal" and [x.version for x in versions(rt)] == [1, 2, 3]


def test_two_first_saves_at_once_the_second_gets_a_conflict(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    ana_form, bea_form = open_form(driver, slack, ANA), open_form(driver, slack, BEA)
    driver.submit(ANA, {v(I.B_TONE): "Playful"}, view_id=ana_form["id"])
    response = driver.submit(BEA, {v(I.B_TONE): "Formal"}, view_id=bea_form["id"])
    assert any("Changed by @ana meanwhile" in m for m in response.errors.values())
    assert [p.tone for p in profiles(rt)] == ["Playful"] and len(versions(rt)) == 1


def test_a_plain_member_reads_the_profile_and_cannot_edit(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    driver.submit(ANA, FILLED)
    driver.command(CARL, "/socialops", "brand Acme")
    assert not slack.views(CARL)  # no form for a reader
    shown = slack.ephemerals(CARL)[-1]
    text = json.dumps(shown["blocks"])
    assert "Online shop for outdoor gear" in text and "09-13, 17-20" in text and "Read-only" in text
    assert "#SummerSale" in text and "Version 1" in text


def test_the_form_of_someone_who_lost_the_role_is_refused_and_audited(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    driver.command(ADMIN, "/socialops", f"role remove <@{ANA}|ana> custodian")
    response = driver.submit(ANA, FILLED)
    assert any("Not allowed" in m for m in response.errors.values())
    assert profiles(rt) == [] and versions(rt) == []
    with rt.ctx.db.uow() as s:
        refused = [(e.actor, e.action, e.outcome) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "brand.edit"))]
    assert refused == [(ANA, "brand.edit", "refused")]


def test_a_member_submitting_an_editors_form_is_refused(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    form = open_form(driver, slack, ANA)
    state = build_state(form["blocks"], {v(I.B_TONE): "hijacked"})
    payload = {"type": "view_submission", "trigger_id": slack.issue_trigger_id(CARL),
               "view": {**form, "id": "VCARL1", "state": {"values": state}}, "response_urls": []}
    response = driver._interaction(CARL, payload)
    assert "Not allowed" in response.body
    assert profiles(rt) == []


@pytest.mark.parametrize("hours, problem", [
    ("9 to 13", "not a range of hours"),
    ("09:30-13", "whole hours"),
    ("22-02", "after the start"),
    ("09-13, 12-15", "overlap"),
    ("25-26", "not a range of hours"),
])
def test_bad_hours_are_an_inline_error_and_nothing_is_saved(
        driver: Any, slack: Any, rt: Any, inventory: None, hours: str, problem: str) -> None:
    open_form(driver, slack, ANA)
    response = driver.submit(ANA, {**FILLED, v(I.B_USUAL_HOURS): hours})
    assert problem in response.errors[I.B_USUAL_HOURS]
    assert slack.views(ANA) and profiles(rt) == [] and versions(rt) == []
    # Corrected, the same form saves.
    assert driver.submit(ANA, {**FILLED, v(I.B_USUAL_HOURS): "09-13"}).status == 200
    assert profiles(rt)[0].usual_hours == [[9, 13]]


def test_bad_lists_are_inline_errors(driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    response = driver.submit(ANA, {v(I.B_APPROVED_HASHTAGS): "#summer sale",
                                   v(I.B_FORBIDDEN_WORDS): "x" * 61})
    assert "not a hashtag" in response.errors[I.B_APPROVED_HASHTAGS]
    assert "too long" in response.errors[I.B_FORBIDDEN_WORDS]
    assert profiles(rt) == []


def test_hostile_text_shows_inert_in_the_profile_and_the_history(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    open_form(driver, slack, ANA)
    driver.submit(ANA, {v(I.B_TONE): "<!channel> loud", v(I.B_FORBIDDEN_WORDS): "<!here>, <https://evil.example|ok>"})
    driver.command(CARL, "/socialops", "brand Acme")
    driver.command(CARL, "/socialops", "brand Acme history")
    for message in slack.ephemerals(CARL)[-2:]:
        text = json.dumps(message["blocks"], ensure_ascii=False) + message.get("text", "")
        assert "<!channel>" not in text and "<!here>" not in text and "|ok>" not in text
        # Shown, but as text: the word joiner keeps "@channel" from being read as a mention.
        assert "@\u2060channel loud" in text and "@\u2060here" in text and "ok (https://evil.example)" in text
    with rt.ctx.db.uow() as s:
        stored = profile_of(s, TEAM, "Acme")
    assert stored is not None and stored.tone == "<!channel> loud"  # stored as typed


@pytest.mark.parametrize("brand", ["Umbrella", "Initech", "Nope"])
def test_a_brand_of_another_workspace_archived_or_unknown_is_refused(
        driver: Any, slack: Any, rt: Any, inventory: None, brand: str) -> None:
    for text in (f"brand {brand}", f"brand {brand} history"):
        driver.command(ANA, "/socialops", text)
        assert not slack.views(ANA)
        assert f"There is no brand *{brand}* in the inventory" in told(slack, ANA)[-1]
        assert "Acme, Globex" in told(slack, ANA)[-1]
    assert profiles(rt) == []


def test_a_forged_form_for_another_workspaces_brand_saves_nothing(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    form = open_form(driver, slack, ANA)
    state = build_state(form["blocks"], {v(I.B_TONE): "theirs"})
    for n, metadata in enumerate((json.dumps({"brand": "Umbrella", "version": 0}),
                                  json.dumps({"brand": "Acme", "version": 7}), "junk")):
        payload = {"type": "view_submission", "trigger_id": slack.issue_trigger_id(ANA),
                   "view": {**form, "id": f"VFORGE{n}", "private_metadata": metadata, "state": {"values": state}},
                   "response_urls": []}
        response = driver._interaction(ANA, payload)
        assert response.status == 200 and "errors" in response.body
    assert profiles(rt) == []


def test_alone_it_offers_a_picker_and_with_one_brand_opens_it(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    driver.command(CARL, "/socialops", "brand")
    picker = slack.ephemerals(CARL)[-1]
    options = [o["value"] for o in picker["blocks"][0]["accessory"]["options"]]
    assert options == ["Acme", "Globex"]  # active brands of this workspace only
    driver.click(CARL, I.PICK, value="Globex", channel=GENERAL)
    assert "Nobody has written *Globex*" in told(slack, CARL)[-1]
    driver.command(ANA, "/socialops", "brand")
    driver.click(ANA, I.PICK, value="Acme", channel=GENERAL)
    assert slack.views(ANA)[-1]["callback_id"] == I.PROFILE_VIEW
    # With a single brand the form opens straight away.
    with rt.ctx.db.uow() as s:
        for account in s.scalars(select(Account).where(Account.brand == "Globex")):
            account.status = "archived"
    slack.close_view(ANA, slack.views(ANA)[-1]["id"])
    driver.command(ANA, "/socialops", "brand")
    assert slack.views(ANA)[-1]["callback_id"] == I.PROFILE_VIEW


def test_history_is_paged(driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    for n in range(12):
        open_form(driver, slack, ANA)
        driver.submit(ANA, {v(I.B_TONE): f"tone {n}"})
    driver.command(CARL, "/socialops", "brand Acme history")
    first = json.dumps(slack.ephemerals(CARL)[-1]["blocks"])
    assert "Version 12" in first and "Version 3" in first and "Version 2" not in first
    assert "Page 1 of 2" in first and "history 2" in first
    driver.command(CARL, "/socialops", "brand Acme history 2")
    second = json.dumps(slack.ephemerals(CARL)[-1]["blocks"])
    assert "Version 2" in second and "Version 1" in second and "Version 3" not in second
    driver.command(CARL, "/socialops", "brand Acme history 9")
    assert "There is no page 9" in told(slack, CARL)[-1]



def _posts(rt: Any) -> list[Post]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(Post).order_by(Post.id)))


def test_what_the_form_saves_is_what_posts_are_checked_against(
        driver: Any, slack: Any, rt: Any, inventory: None) -> None:
    """The shared interface end to end: a forbidden word saved here blocks a post of the brand,
    accent- and case-insensitively, and nothing is stored; without it the post goes to approval."""
    post = "new @acmeshop 2026-03-10 10:00 Pide tu CREDITO hoy"  # a week after the fake clock's now
    driver.command(ANA, "/post", post)
    assert len(_posts(rt)) == 1  # no profile yet: nothing forbids it
    open_form(driver, slack, ANA)
    driver.submit(ANA, {v(I.B_FORBIDDEN_WORDS): "crédito"})
    answer = driver.command(ANA, "/post", post)
    assert "words the brand forbids: “crédito”" in answer.body
    assert len(_posts(rt)) == 1  # refused: nothing stored
