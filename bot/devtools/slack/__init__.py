"""devslack: a loopback Slack for tests, the console and benchmarks.

FakeSlack stands in for the Web API (and rejects what Slack rejects); SlackDriver
plays the Slack platform towards the app, signing every request like Slack.
"""

from bot.devtools.slack.blockkit import validate_message_blocks, validate_view
from bot.devtools.slack.driver import SlackDriver
from bot.devtools.slack.payloads import InteractionError
from bot.devtools.slack.server import FakeSlack
from bot.devtools.slack.state import Call, FakeSlackError
from bot.devtools.slack.transport import DriverResponse, SentRequest

__all__ = [
    "Call",
    "DriverResponse",
    "FakeSlack",
    "FakeSlackError",
    "InteractionError",
    "SentRequest",
    "SlackDriver",
    "validate_message_blocks",
    "validate_view",
]
