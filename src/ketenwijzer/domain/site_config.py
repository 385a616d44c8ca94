"""The one reader of ``mkdocs.yml`` outside MkDocs: the settings the announcement loader, the
subscription settings and the plain Markdown trees need, read as MkDocs 1.6 reads the file.

It imports nothing of MkDocs. What MkDocs' own loader (``mkdocs.utils.yaml.yaml_load``) does, it does
the same way (tests/test_site_config.py holds the two side by side):

* ``!ENV NAME`` and ``!ENV [NAME, OTHER, default]`` (pyyaml-env-tag 1.1): the first variable that is
  set wins, even when it is empty; its text is typed as YAML types a plain scalar (``true``, ``8000``,
  an empty text is null); with none set the last item of a list is the default, else null;
* ``INHERIT: base.yml`` (relative to the file): the file is merged into its parent, mappings key by
  key, every other value replaced;
* ``!relative`` (MkDocs' path placeholders for Markdown extensions) is kept as a :class:`Relative`;
* the ``!!python/...`` tags of Markdown extensions' settings (``!!python/name:material.extensions.emoji.twemoji``)
  are kept as a :class:`PythonTag`, never imported: this reader runs no code of the file's choosing.

:func:`dump` writes such a configuration back, those tags included, for a plain MkDocs to read.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from ketenwijzer.domain.problems import display_path

FILE_NAME = "mkdocs.yml"
PYTHON_TAG_PREFIX = "tag:yaml.org,2002:python/"
I18N_PLUGIN = "i18n"  # mkdocs-static-i18n


class SiteConfigError(ValueError):
    """mkdocs.yml (or a file it inherits) can not be read or holds an unusable value: ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class PythonTag:
    """A ``!!python/...`` value as written: ``tag`` without its prefix (``name:os.getcwd``) and what the node held."""

    tag: str
    value: Any = ""

    @property
    def name(self) -> str | None:
        """The dotted name of a ``!!python/name:`` tag (what MkDocs would import), else None."""
        kind, colon, name = self.tag.partition(":")
        return name if colon and kind == "name" else None


@dataclass(frozen=True)
class Relative:
    """A ``!relative`` path (``$config_dir/...``, ``$docs_dir/...`` or the current page's folder), resolved by MkDocs."""

    value: str = ""


# -- the YAML loader ---------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML's safe loader with the tags of mkdocs.yml; ``env`` is set per load (see :func:`_loader`)."""

    env: Mapping[str, str] = os.environ


def _construct_env(loader: _Loader, node: yaml.Node) -> Any:
    """``!ENV`` exactly as pyyaml-env-tag 1.1 (MkDocs' own) constructs it, from ``loader.env``."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1], deep=True)  # typed as YAML types it
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]  # names are texts, whatever they look like
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"!ENV expects a variable's name or a list [NAME, ..., default], not a {node.id}", node.start_mark
        )
    for name in names:
        if name in loader.env:
            value = loader.env[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _construct_relative(loader: _Loader, node: yaml.Node) -> Relative:
    return Relative(str(loader.construct_scalar(node)))  # a scalar only, as MkDocs takes it


def _construct_python(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    if suffix == "tuple" and isinstance(node, yaml.SequenceNode):
        return tuple(loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return PythonTag(suffix, value)


_Loader.add_constructor("!ENV", _construct_env)
_Loader.add_constructor("!relative", _construct_relative)
_Loader.add_multi_constructor(PYTHON_TAG_PREFIX, _construct_python)


def _loader(env: Mapping[str, str]) -> type[_Loader]:
    return type("_EnvLoader", (_Loader,), {"env": env})


def _merge(parent: dict, child: Mapping) -> dict:
    """``child`` over ``parent`` as MkDocs merges an INHERIT (mergedeep's REPLACE strategy)."""
    for key, value in child.items():
        if isinstance(parent.get(key), Mapping) and isinstance(value, Mapping):
            _merge(parent[key], value)
        elif key not in parent or parent[key] is not value:
            parent[key] = copy.deepcopy(value)
    return parent


def load_yaml(
    path: Path, env: Mapping[str, str] | None = None, *, _root: Path | None = None, _seen: tuple[Path, ...] = ()
) -> dict[str, Any]:
    """The settings of ``path`` as ``mkdocs.utils.yaml.yaml_load`` gives them (INHERIT merged), with ``env``
    (default: the process's environment) for ``!ENV``. Raises SiteConfigError naming the file and line."""
    path = Path(path)
    root = _root or path.parent
    shown = display_path(path, root)
    if path.resolve() in _seen:
        raise SiteConfigError(
            shown, 1, "INHERIT goes round in a circle: " + " -> ".join(display_path(p, root) for p in (*_seen, path.resolve()))
        )
    try:
        with path.open("rb") as handle:
            result = yaml.load(handle, Loader=_loader(os.environ if env is None else env))  # a SafeLoader: no Python is run
    except FileNotFoundError:
        raise SiteConfigError(shown, 1, "file not found") from None
    except OSError as exc:
        raise SiteConfigError(shown, 1, f"can not be read: {exc.strerror or exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SiteConfigError(shown, line, f"not valid YAML: {exc.problem or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SiteConfigError(shown, 1, f"not valid YAML: {exc}") from None
    if result is None:
        return {}
    if not isinstance(result, dict):
        raise SiteConfigError(shown, 1, f"holds a {type(result).__name__}, not settings (key: value lines)")
    if "INHERIT" in result:
        inherit = result.pop("INHERIT")
        if not isinstance(inherit, str) or not inherit.strip():
            raise SiteConfigError(shown, _line_of(path, "INHERIT"), "INHERIT must name a file, e.g. INHERIT: base.yml")
        parent_path = Path(os.path.normpath(path.parent / inherit))
        if not parent_path.is_file():
            raise SiteConfigError(
                shown, _line_of(path, "INHERIT"), f"INHERIT: {inherit} does not exist (looked for {parent_path})"
            )
        parent = load_yaml(parent_path, env, _root=root, _seen=(*_seen, path.resolve()))
        result = _merge(parent, result)
    return result


def _line_of(path: Path, key: str) -> int:
    """The line of a top-level ``key:`` in the file (1 when it is not found there)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


# -- what the callers need ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteConfig:
    """The settings of one mkdocs.yml, with the values the callers use checked as MkDocs checks them."""

    path: Path
    raw: dict[str, Any] = field(repr=False)

    def _error(self, key: str, message: str) -> SiteConfigError:
        top = key.split(".", 1)[0]
        return SiteConfigError(display_path(self.path, self.path.parent), _line_of(self.path, top), f"{key}: {message}")

    @property
    def site_url(self) -> str | None:
        """``site_url`` as MkDocs validates it: None when unset or empty, a folder address ending in '/'."""
        value = self.raw.get("site_url")
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self._error("site_url", f"must be an address like https://example.org/, not {value!r}")
        parts = urlsplit(value)
        if not (parts.scheme and parts.netloc):
            raise self._error("site_url", f"must be an address with a scheme like https://example.org/, not {value!r}")
        if not parts.path.endswith("/"):
            parts = parts._replace(path=parts.path + "/")
        return urlunsplit(parts)

    @property
    def use_directory_urls(self) -> bool:
        value = self.raw.get("use_directory_urls", True)
        if not isinstance(value, bool):
            raise self._error("use_directory_urls", f"must be true or false, not {value!r}")
        return value

    def _mapping(self, key: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._error(key, f"must hold settings (key: value), not {value!r}")
        return value

    @property
    def extra(self) -> dict[str, Any]:
        return self._mapping("extra", self.raw.get("extra"))

    @property
    def subscriptions(self) -> dict[str, Any]:
        """``extra.subscriptions`` (the subscribe form's ``endpoint``)."""
        return self._mapping("extra.subscriptions", self.extra.get("subscriptions"))

    @property
    def owner(self) -> Any:
        """``extra.owner`` as written (generators/site_footer.py checks it), None when absent."""
        return self.extra.get("owner")

    @property
    def theme(self) -> dict[str, Any]:
        """``theme`` as a mapping (``theme: material`` is ``{name: material}``), as written: no theme defaults."""
        value = self.raw.get("theme")
        if isinstance(value, str):
            return {"name": value}
        return self._mapping("theme", value)

    @property
    def theme_language(self) -> str | None:
        """``theme.language`` when written (Material's own default is 'en')."""
        value = self.theme.get("language")
        return None if value is None else str(value)

    @property
    def plugins(self) -> list[tuple[str, dict[str, Any]]]:
        """(name, options) of every plugin, in order, from a list (``- name`` or ``- name: {...}``) or a mapping."""
        value = self.raw.get("plugins")
        if value is None:
            return []
        if isinstance(value, dict):
            items = list(value.items())
        elif isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, dict) and len(item) == 1:
                    items.append(next(iter(item.items())))
                elif isinstance(item, str):
                    items.append((item, {}))
                else:
                    raise self._error("plugins", f"each entry is a name or 'name: {{options}}', not {item!r}")
        else:
            raise self._error("plugins", f"must be a list of plugins, not {value!r}")
        return [(str(name), self._mapping(f"plugins.{name}", options)) for name, options in items]

    def plugin(self, name: str) -> dict[str, Any] | None:
        """The options of plugin ``name`` (None when it is not configured)."""
        return next((options for found, options in self.plugins if found == name), None)

    @property
    def i18n_languages(self) -> list[dict[str, Any]]:
        """The ``languages`` of the mkdocs-static-i18n plugin, as written (each with ``locale``)."""
        languages = (self.plugin(I18N_PLUGIN) or {}).get("languages") or []
        if not isinstance(languages, list) or not all(isinstance(item, dict) and "locale" in item for item in languages):
            raise self._error(f"plugins.{I18N_PLUGIN}.languages", "must be a list of entries with 'locale: xx'")
        return languages

    def i18n_language(self, locale: str) -> dict[str, Any]:
        """One language's entry of the i18n plugin ({} when it has none)."""
        return next((item for item in self.i18n_languages if item["locale"] == locale), {})


def load(path: Path, env: Mapping[str, str] | None = None) -> SiteConfig:
    """The configuration in ``path`` (a mkdocs.yml, or the folder holding one); see :func:`load_yaml`."""
    path = Path(path)
    if path.is_dir():
        path = path / FILE_NAME
    return SiteConfig(path, load_yaml(path, env))


# -- writing a configuration back ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_python(dumper: _Dumper, value: PythonTag) -> yaml.Node:
    tag = PYTHON_TAG_PREFIX + value.tag
    if isinstance(value.value, list):
        return dumper.represent_sequence(tag, value.value)
    if isinstance(value.value, dict):
        return dumper.represent_mapping(tag, value.value)
    return dumper.represent_scalar(tag, str(value.value))


def _represent_relative(dumper: _Dumper, value: Relative) -> yaml.Node:
    return dumper.represent_scalar("!relative", value.value)


_Dumper.add_representer(PythonTag, _represent_python)
_Dumper.add_representer(Relative, _represent_relative)
_Dumper.add_representer(tuple, lambda dumper, value: dumper.represent_list(list(value)))


def dump(data: Any) -> str:
    """YAML text of ``data`` (safe types, with the ``!!python/...`` and ``!relative`` values this module reads)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
