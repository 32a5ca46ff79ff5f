"""Every id Slack echoes back for the brands feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class BrandsIds(StrEnum):
    PROFILE_VIEW = "brand_profile"  # the edit form; metadata {"brand": …, "version": n}
    PICK = "brand_pick"  # the brand picker in the ephemeral reply; value: the brand as typed
    B_INTRO = "brand_intro"
    B_SERVICES = "brand_services"
    B_AUDIENCE = "brand_audience"
    B_COMPETITORS = "brand_competitors"
    B_PEOPLE_SAY = "brand_people_say"
    B_PUSH_TOPICS = "brand_push_topics"
    B_NEVER_TOPICS = "brand_never_topics"
    B_FORBIDDEN_WORDS = "brand_forbidden_words"
    B_TONE = "brand_tone"
    B_APPROVED_HASHTAGS = "brand_approved_hashtags"
    B_KEYWORDS = "brand_keywords"
    B_USUAL_HOURS = "brand_usual_hours"
    A_VALUE = "value"  # the single element of each input block


def block_of(field: str) -> BrandsIds:
    """The input block of a profile field (`B_<FIELD>`)."""
    return BrandsIds[f"B_{field.upper()}"]
