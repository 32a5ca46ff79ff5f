"""The registry of slash commands and subcommands.

Handlers declare their subcommands here; the same registry registers the Bolt
listeners, generates `/socialops help`, and is compared with `manifest.yml` by a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.i18n import Translator
from handlers.calls import CommandCall, Reply

Handler = Callable[[CommandCall], Reply | None]


@dataclass(frozen=True)
class Subcommand:
    words: tuple[str, ...]  # () is the bare command
    usage_key: str
    handler: Handler
    catch_all: bool = False  # a bare command that takes free text (e.g. `/replies <words…>`)


@dataclass
class SlashCommand:
    name: str  # "/socialops"
    description_key: str
    usage_hint: str  # shown by Slack in the composer (manifest)
    subcommands: list[Subcommand] = field(default_factory=list)

    def sub(self, words: str, usage_key: str, *, catch_all: bool = False) -> Callable[[Handler], Handler]:
        def decorate(fn: Handler) -> Handler:
            self.subcommands.append(Subcommand(tuple(words.split()), usage_key, fn, catch_all))
            return fn

        return decorate

    def route(self, tokens: list[str]) -> tuple[Subcommand | None, int]:
        """The longest subcommand matching the leading words, and how many words it used."""
        lowered = [tok.lower() for tok in tokens]
        best: tuple[Subcommand | None, int] = (None, 0)
        for sub in self.subcommands:
            n = len(sub.words)
            if n == 0 and lowered and not sub.catch_all:
                continue
            if tuple(lowered[:n]) == sub.words and (best[0] is None or n > best[1]):
                best = (sub, n)
        return best

    def usage(self, tr: Translator) -> str:
        return "\n".join(tr(key) for key in dict.fromkeys(sub.usage_key for sub in self.subcommands))


class Registry:
    def __init__(self) -> None:
        self.commands: dict[str, SlashCommand] = {}

    def command(self, name: str, description_key: str, usage_hint: str) -> SlashCommand:
        if name in self.commands:
            return self.commands[name]
        cmd = SlashCommand(name, description_key, usage_hint)
        self.commands[name] = cmd
        return cmd

    def help_text(self, tr: Translator) -> str:
        parts = [tr("help.title")]
        for cmd in self.commands.values():
            parts.append(f"\n*{cmd.name}* — {tr(cmd.description_key)}\n{cmd.usage(tr)}")
        return "\n".join(parts)
