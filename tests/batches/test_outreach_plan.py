"""Planning the press release and the partners' copy: one document per audience and
language, each addressee in its language, none dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPOSITORY
from statementbatch import statement_jobs

from verbale.batches.manifest import letter_identity
from verbale.convention.outreach import load_outreach
from verbale.languages import Fallback, Language
from verbale.settings import Settings

OUTREACH = load_outreach(REPOSITORY / "recipients")
pytestmark = pytest.mark.slow  # each plans the transmittals to every State Party too


def test_each_outlet_gets_the_press_release_in_its_language(tmp_path: Path) -> None:
    """Six languages in use: one press release per language, to the outlets of that language,
    enclosing the statement in it and linking to its page."""
    settings = Settings(languages=list(Language), work_dir=tmp_path / "work")
    jobs, skipped = statement_jobs(settings, OUTREACH)
    media = {job.lang: job for job in jobs if job.channel == "media"}
    assert skipped == []
    assert set(media) == {lang.value for lang in Language}
    for lang, job in media.items():
        outlets = {o.email for o in OUTREACH.media if o.language.value == lang}
        assert set(job.to) == outlets and job.cc == ()
        assert job.encloses == (f"condemnation-statement-{lang}",)
        page = f"https://www.ccm-isu.example.org/statements/2016-02-sy/condemnation-statement-{lang}.html"
        assert page in job.body
    partners = [job for job in jobs if job.channel == "partners"]
    assert sorted(job.lang for job in partners) == ["en", "es", "fr"]
    assert "campaigns@cmc.example.org" in next(j for j in partners if j.lang == "en").to


def test_an_outlet_in_a_language_not_in_use_gets_english_flagged(tmp_path: Path) -> None:
    """Statements in English, French and Spanish: the Russian, Arabic and Chinese outlets
    get the English press release, as a fallback document of its own."""
    settings = Settings(work_dir=tmp_path / "work")
    jobs, _ = statement_jobs(settings, OUTREACH)
    fallback = next(j for j in jobs if j.doc_id == "statement-press-release-media-en-fallback")
    assert fallback.fallback and fallback.lang == "en"
    assert set(fallback.to) == {
        o.email for o in OUTREACH.media if o.language in (Language.RU, Language.AR, Language.ZH)
    }


def test_with_no_fallback_an_outlet_out_of_reach_is_listed_by_name(tmp_path: Path) -> None:
    """Fallback refused: the outlets that cannot be written to in their language are skipped,
    each named."""
    settings = Settings(fallback=Fallback.REFUSE, work_dir=tmp_path / "work")
    jobs, skipped = statement_jobs(settings, OUTREACH)
    assert not any(job.doc_id.endswith("-fallback") for job in jobs)
    assert "no-template-in-language: media: Пример-Информ: no statement in ru" in skipped
    assert len([s for s in skipped if s.startswith("no-template-in-language: media:")]) == 3


def test_each_language_of_the_press_release_is_a_letter_of_its_own(tmp_path: Path) -> None:
    """Press releases in different languages (and the English fallback) have different
    identities: a language added later is drafted, not skipped as already drafted."""
    settings = Settings(work_dir=tmp_path / "work")
    jobs, _ = statement_jobs(settings, OUTREACH)
    releases = [job for job in jobs if job.channel in ("media", "partners")]
    identities = {letter_identity(job, {"incident": "2016-02-sy"}) for job in releases}
    assert len(releases) > 3
    assert len(identities) == len(releases)
