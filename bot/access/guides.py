"""Each network's own names for the generic roles, and where to grant and remove them.

Facts from `reference/networks.md` §1 (menus as in the English interfaces, late 2026;
menus change often, so the guides say where a label is unverified). A generic role
with no equivalent on a network maps to None: such a request is refused unless it
explicitly asks for a shared-password grant.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import ACCESS_ROLES

# Spanish-speaking teams type their own words; the canonical names are English.
ROLE_ALIASES: dict[str, str] = {
    "admin": "admin", "administrator": "admin", "administrador": "admin", "administradora": "admin",
    "editor": "editor", "editora": "editor",
    "moderator": "moderator", "moderador": "moderator", "moderadora": "moderator", "mod": "moderator",
    "advertiser": "advertiser", "anunciante": "advertiser", "ads": "advertiser",
    "analyst": "analyst", "analista": "analyst", "analytics": "analyst",
}


def parse_role(text: str) -> str | None:
    return ROLE_ALIASES.get(text.strip().lower())


@dataclass(frozen=True)
class Platform:
    key: str
    label: str  # where the custodian goes: "Meta Business Suite"
    roles: dict[str, str | None]
    grant_steps: tuple[str, ...]  # placeholders: {email} {handle} {role_name}
    revoke_steps: tuple[str, ...]
    note: str = ""


_META = Platform(
    key="meta",
    label="Meta Business Suite",
    roles={
        "admin": "Full control (business portfolio and asset)",
        "editor": "Partial access: Content",
        "moderator": "Partial access: Community activity, Messages and calls",
        "advertiser": "Partial access: Ads (plus a role on the ad account)",
        "analyst": "Partial access: Insights",
    },
    grant_steps=(
        "Meta Business Suite → Settings → People → + Invite people",
        "Enter {email}",
        "Access type: basic (employee) unless the role is full control",
        "Choose the asset @{handle} → {role_name}",
        "Send request — the person accepts by e-mail",
    ),
    revoke_steps=(
        "Meta Business Suite → Settings → People",
        "Select the person ({email}) → Remove (labels unverified)",
        "Also check Settings → Partners and System users",
    ),
    note="Alternative on the Page itself: Page → Settings & privacy → Settings → Page setup → Page access "
         "→ Add New.",
)

PLATFORMS: dict[str, Platform] = {
    "meta": _META,
    "linkedin": Platform(
        key="linkedin",
        label="LinkedIn Page",
        roles={"admin": "Super admin", "editor": "Content admin", "moderator": "Content admin",
               "advertiser": "Paid media admin: Sponsored Content poster, Lead Gen Forms manager",
               "analyst": "Analyst"},
        grant_steps=(
            "Open the Page in super admin view → Admin tools → Manage admins",
            "Page admins (or Paid media admins for advertising) → Add admin",
            "Find the member ({email} for reference; they must be a LinkedIn member)",
            "Role: {role_name} → Save",
        ),
        revoke_steps=(
            "Super admin view → Admin tools → Manage admins",
            "Delete (trash icon) next to the person → Save",
        ),
        note="One Page-admin role per person; a sole super admin must appoint another before leaving.",
    ),
    "tiktok": Platform(
        key="tiktok",
        label="TikTok Business Center",
        roles={"admin": "Admin", "editor": "Standard (with the account's assets)", "moderator": None,
               "advertiser": "Operator (ad account)", "analyst": "Analyst (ad account)"},
        grant_steps=(
            "TikTok Business Center → Users (Members) → Invite Member",
            "Enter {email} → Admin or Standard → Advanced Permissions → Next",
            "Assign the assets for @{handle} with {role_name} → Confirm",
        ),
        revoke_steps=(
            "TikTok Business Center → Users → the member ({email})",
            "Remove → Confirm → enter the confirmation code",
        ),
        note="Organic posting through Business Center is unverified; check the account's Members list.",
    ),
    "youtube": Platform(
        key="youtube",
        label="YouTube Studio",
        roles={"admin": "Manager (Owner only if they must own it)", "editor": "Editor (or Editor (limited))",
               "moderator": None, "advertiser": None, "analyst": "Viewer (or Viewer (limited))"},
        grant_steps=(
            "studio.youtube.com → Settings → Permissions → Invite",
            "Enter {email} → {role_name} → Done",
            "Save",
        ),
        revoke_steps=(
            "studio.youtube.com → Settings → Permissions",
            "Remove {email} → Save (Owner or Manager only)",
        ),
    ),
    "x": Platform(
        key="x",
        label="X (Delegate)",
        roles={"admin": "Admin", "editor": "Contributor", "moderator": "Contributor", "advertiser": None,
               "analyst": None},
        grant_steps=(
            "X.com → Settings and privacy → Security and account access → Delegate",
            "Invite a member → their @username (their e-mail: {email}) → {role_name}",
        ),
        revoke_steps=(
            "X.com → Settings and privacy → Security and account access → Delegate",
            "Remove the person from the members list",
        ),
        note="Path partly from third-party guides; the owner answers for delegates' posts.",
    ),
    "pinterest": Platform(
        key="pinterest",
        label="Pinterest Business Manager",
        roles={"admin": "Manager + Profile Publisher + ad-account Admin",
               "editor": "Employee + Profile Publisher", "moderator": "Profile Publisher",
               "advertiser": "Campaign (plus Audience, Finance if needed)", "analyst": "Analyst (ad account)"},
        grant_steps=(
            "Menu → Business → Business Manager → Employees → Add employee",
            "Role and {email}",
            "Assign @{handle}: {role_name}",
            "The person accepts (they need a business account)",
        ),
        revoke_steps=(
            "Business Manager → Employees → the person ({email})",
            "Remove their access to @{handle} (labels unverified)",
        ),
    ),
    "google-business": Platform(
        key="google-business",
        label="Google Business Profile",
        roles={"admin": "Owner", "editor": "Manager", "moderator": "Manager", "advertiser": None,
               "analyst": None},
        grant_steps=(
            "Business Profile → Menu → Business Profile settings → People and access",
            "Add → {email} → {role_name} → Invite",
        ),
        revoke_steps=(
            "Business Profile settings → People and access",
            "Select {email} → Remove person",
        ),
        note="New users wait 7 days before they can remove others or delete the profile.",
    ),
    "other": Platform(
        key="other",
        label="the platform",
        roles={role: f"the platform's closest role to {role}" for role in ACCESS_ROLES},
        grant_steps=(
            "Open the platform's team, roles or delegated-access settings",
            "Invite {email} with {role_name}",
        ),
        revoke_steps=("Remove {email} from the platform's team or roles settings",),
    ),
}

_NETWORK_PLATFORM = {
    "facebook": "meta", "instagram": "meta", "threads": "meta", "linkedin": "linkedin", "tiktok": "tiktok",
    "youtube": "youtube", "x": "x", "pinterest": "pinterest", "google-business": "google-business",
}

_NETWORK_NOTES = {
    "instagram": "Instagram has no in-app roles: it is an asset of the business portfolio (task labels "
                 "unverified).",
    "threads": "Threads access is given only through the business portfolio, never in the Threads app.",
}

SHARED_PASSWORD_STEPS = (
    "This is a shared-password grant: give the login to <@{holder}> through the company password manager, "
    "never in a chat message",
    "Enable 2FA on a company-controlled device so that the password alone is not enough",
)
SHARED_PASSWORD_REVOKE_STEPS = (
    "Change the password (`/accounts rotate {handle}`) — a rotation task has been created",
    "Sign out all other sessions and remove any device the person added",
)


def platform_for(network: str) -> Platform:
    return PLATFORMS[_NETWORK_PLATFORM.get(network, "other")]


def network_role(network: str, role: str) -> str | None:
    """The network's own name for a generic role; None when the network has no equivalent."""
    return platform_for(network).roles.get(role)


def roles_available(network: str) -> list[str]:
    return [r for r in ACCESS_ROLES if network_role(network, r) is not None]


@dataclass(frozen=True)
class Guide:
    where: str
    steps: list[str]
    notes: list[str]


def _fill(steps: tuple[str, ...], **params: str) -> list[str]:
    return [step.format(**params) for step in steps]


def grant_guide(network: str, role: str, *, email: str, handle: str, holder: str, shared: bool) -> Guide:
    plat = platform_for(network)
    params = {"email": email, "handle": handle, "holder": holder,
              "role_name": network_role(network, role) or role}
    if shared:
        return Guide(plat.label, _fill(SHARED_PASSWORD_STEPS, **params), [])
    notes = [n for n in (_NETWORK_NOTES.get(network, ""), plat.note) if n]
    return Guide(plat.label, _fill(plat.grant_steps, **params), notes)


def revoke_guide(network: str, *, email: str, handle: str, holder: str, shared: bool) -> Guide:
    plat = platform_for(network)
    params = {"email": email, "handle": handle, "holder": holder, "role_name": ""}
    steps = _fill(SHARED_PASSWORD_REVOKE_STEPS if shared else plat.revoke_steps, **params)
    return Guide(plat.label, steps, [])
