"""The Home's refresh after an interaction: debounced per person, coalesced, only for people whose
Home was published, the set bounded; and the app wires it to every button press."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from bot.core.authz import Actor
from handlers.home.publish import HomePublisher
from tests.access.support import make_account
from tests.conftest import ANA, APPROVALS, BEA, CARL, TEAM
from tests.home.conftest import buttons

BEA_HERE, CARL_HERE, ANA_HERE = Actor(TEAM, BEA), Actor(TEAM, CARL), Actor(TEAM, ANA)


class Published:
    def __init__(self) -> None:
        self.who: list[Actor] = []
        self.threads: list[str] = []

    def __call__(self, actor: Actor) -> None:
        self.who.append(actor)
        self.threads.append(threading.current_thread().name)


def settle(home: HomePublisher, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while home.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert home.pending() == 0


def test_presses_within_the_window_make_one_publish_after_it(rt: Any) -> None:
    published = Published()
    home = HomePublisher(rt, window=0.3, publish=published)
    home.opened(BEA_HERE)
    for _ in range(5):
        home.refresh(BEA_HERE)
    assert published.who == [BEA_HERE]  # nothing yet: within the window of the opening
    assert home.pending() == 1
    settle(home)
    assert published.who == [BEA_HERE, BEA_HERE]  # the five presses coalesced into one
    assert published.threads[-1] != threading.current_thread().name  # not on the request thread


def test_only_people_who_opened_their_home_are_refreshed_and_the_set_is_bounded(rt: Any) -> None:
    published = Published()
    home = HomePublisher(rt, window=0.0, remembered=2, publish=published)
    home.refresh(CARL_HERE)
    assert published.who == []  # never opened here
    home.opened(BEA_HERE)
    home.opened(CARL_HERE)
    home.opened(ANA_HERE)  # Bea, the least recently published, is forgotten
    published.who.clear()
    for actor in (BEA_HERE, CARL_HERE, ANA_HERE):
        home.refresh(actor)
    settle(home)
    assert sorted(published.who, key=str) == sorted([CARL_HERE, ANA_HERE], key=str)  # each on its own timer


@pytest.mark.usefixtures("setup_workspace")
def test_the_app_refreshes_after_a_press_that_worked_not_after_a_refused_one(driver: Any, slack: Any,
                                                                              rt: Any) -> None:
    home: HomePublisher = rt.after_interaction.__self__  # what the home feature wired in
    make_account(rt.ctx.db, "acmeshop", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop analyst for 7d numbers")
    driver.app_home_opened(BEA)
    before = len(slack.calls_to("views.publish"))
    driver.forged_click(BEA, "access_approve", "999")  # "there is no such request": nothing changed
    assert home.pending() == 0 and len(slack.calls_to("views.publish")) == before
    driver.click(BEA, "access_approve", value="1", channel=APPROVALS)  # from the channel message
    settle(home)
    rt.sender.wait_idle()
    assert len(slack.calls_to("views.publish")) == before + 1
    assert ("access_approve", "1") not in buttons(slack.home(BEA))
