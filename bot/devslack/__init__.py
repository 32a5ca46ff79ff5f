"""devslack: a loopback Slack for tests, the console and benchmarks.

FakeSlack stands in for the Web API (and rejects what Slack rejects); SlackDriver
plays the Slack platform towards the app, signing every request like Slack.
"""

from bot.devslack.blockkit import validate_message_blocks, validate_view
from bot.devslack.driver import SlackDriver
from bot.devslack.payloads import InteractionError
from bot.devslack.server import FakeSlack
from bot.devslack.state import Call, FakeSlackError
from bot.devslack.transport import DriverResponse, SentRequest

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
