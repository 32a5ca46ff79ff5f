"""Every id Slack echoes back for the posts feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class PostsIds(StrEnum):
    # buttons (values carry the post id and revision; who acts comes from the payload)
    APPROVE = "posts_approve"
    CHANGES = "posts_changes"
    REJECT = "posts_reject"
    EDIT = "posts_edit"
    MARK_PUBLISHED = "posts_mark_published"
    HOLD_RELEASE = "posts_hold_release"  # the crisis hold's list (handlers/posts/holds.py)
    HOLD_RESCHEDULE = "posts_hold_reschedule"
    # modals
    NEW_VIEW = "posts_new"
    EDIT_VIEW = "posts_edit_form"
    CHANGES_VIEW = "posts_changes_comment"
    REJECT_VIEW = "posts_reject_comment"
    PUBLISHED_VIEW = "posts_published_url"
    HOLD_RESCHEDULE_VIEW = "posts_hold_reschedule_form"
    # blocks
    B_ACCOUNTS = "posts_accounts"
    B_WHEN = "posts_when"
    B_COPY = "posts_copy"
    B_OVERRIDE_PREFIX = "posts_copy_"  # + network
    B_LINK = "posts_link"
    B_MEDIA = "posts_media"
    B_CAMPAIGN = "posts_campaign"
    B_TOPIC = "posts_topic"
    B_PUBLISHER = "posts_publisher"
    B_COMMENT = "posts_comment"
    B_URL = "posts_url"
    B_HOLD_WHEN = "posts_hold_when"
    B_ACTIONS = "posts_actions"
    A_VALUE = "value"
    # the calendar's and the lists' previous/next (value: bot/posts/calendar.encode_scope)
    CAL_PAGE_PREV = "posts_cal_page_prev"
    CAL_PAGE_NEXT = "posts_cal_page_next"
    CAL_PERIOD_PREV = "posts_cal_period_prev"  # the week or month before / after, its first page
    CAL_PERIOD_NEXT = "posts_cal_period_next"
    B_CAL_PAGE = "posts_cal_page"
