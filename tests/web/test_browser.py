"""The review room in a real browser (Debian's chromium, headless): log in, open a batch, see a
page image and the e-mail, exclude a document, approve; the ledger holds the decision.

Screenshots of every page are kept in test-output/review-room/ (git ignores it)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from conftest import REPOSITORY
from mailserver import free_port
from samplebatch import FRANCE, PASSWORD, STATEMENT_FR, ZAMBIA, add_reviewer, make_batch

from verbale.batches.ledger import Action, ReviewState
from verbale.settings import Settings
from verbale.web.app import create_app
from verbale.workspace import Workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = REPOSITORY / "test-output" / "review-room"
BATCH = "20160303-100000-statement-c0de"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]  # one chromium


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The review room on a free port, over a work directory with one batch and a reviewer;
    a flow run 'waits' for the batch and resumes are recorded."""
    work = tmp_path_factory.mktemp("room") / "work"
    workspace = Workspace(work)
    make_batch(workspace, BATCH)
    add_reviewer(workspace, "Ana Reviewer")
    workspace.ledger.wait_for_review(BATCH, "run-1")
    resumed: list[tuple[str, dict[str, Any]]] = []

    def resume(run_id: str, payload: dict[str, Any]) -> str:
        resumed.append((run_id, payload))
        return ""

    port = free_port()
    settings = Settings(work_dir=work, review_port=port)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, resume), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "workspace": workspace, "resumed": resumed}
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless chromium for the module, with a fresh profile and no network chatter."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1280,1500",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(10)  # after a click that submits a form, wait for the next page
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: Any, name: str) -> None:
    """Keep a screenshot of the page as a test artifact."""
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_reviewer_logs_in_reads_excludes_and_approves(room: dict[str, Any], browser: Any) -> None:
    """Login, batch, document (page image, e-mail), exclusion, confirmation, approval."""
    from selenium.webdriver.common.by import By

    url, workspace = room["url"], room["workspace"]
    browser.get(f"{url}/batches/{BATCH}")
    assert "/login" in browser.current_url
    shot(browser, "01-login")
    browser.find_element(By.ID, "name").send_keys("Ana Reviewer")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    assert browser.current_url.endswith(f"/batches/{BATCH}")
    assert "awaiting review" in browser.find_element(By.ID, "state").text
    assert "Cook Islands: no address" in browser.find_element(By.ID, "skipped").text
    shot(browser, "02-batch")

    browser.get(url)
    shot(browser, "03-batches")
    browser.find_element(By.LINK_TEXT, BATCH).click()
    browser.find_element(By.LINK_TEXT, ZAMBIA).click()
    images = browser.find_elements(By.CSS_SELECTOR, "img.page")
    assert images
    assert all(browser.execute_script("return arguments[0].naturalWidth", i) > 0 for i in images)
    mail = browser.find_element(By.ID, "mail").text
    assert "chancery@geneva.zm.example.org" in mail
    assert "Statement (en)" in mail
    attachments = browser.find_element(By.ID, "attachments").text
    assert f"{ZAMBIA}.docx" in attachments
    assert "condemnation-statement-en.pdf" in attachments  # what it encloses
    shot(browser, "04-document")

    browser.get(f"{url}/batches/{BATCH}/documents/condemnation-statement-en")
    sides = browser.find_elements(By.CSS_SELECTOR, ".pages section")
    assert len(sides) == 2
    assert STATEMENT_FR in sides[1].text
    shot(browser, "05-statement-two-languages")

    browser.get(f"{url}/batches/{BATCH}")
    browser.find_element(By.ID, f"exclude-{FRANCE}").click()
    browser.find_element(By.ID, "approve").click()
    browser.find_element(By.ID, "note").send_keys("facts verified")
    browser.find_element(By.ID, "review").click()
    assert FRANCE in browser.find_element(By.ID, "excluded").text
    assert ZAMBIA in browser.find_element(By.ID, "to-send").text
    assert FRANCE not in browser.find_element(By.ID, "to-send").text
    shot(browser, "06-confirm")
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # not yet
    browser.find_element(By.ID, "confirm").click()
    assert f"approved {BATCH} by Ana Reviewer" in browser.find_element(By.ID, "message").text
    shot(browser, "07-approved")

    assert workspace.ledger.batch(BATCH).state is ReviewState.APPROVED
    approvals = [e for e in workspace.ledger.events(BATCH) if e.action is Action.APPROVED]
    assert [(e.actor, e.note) for e in approvals] == [("Ana Reviewer", "facts verified")]
    assert workspace.ledger.excluded(BATCH) == {FRANCE}
    assert f"{ZAMBIA}.pdf" in workspace.ledger.approved_files(BATCH)
    assert room["resumed"] == [
        (
            "run-1",
            {"decision": "approve", "reviewer": "Ana Reviewer", "note": "facts verified",
             "exclude": [FRANCE]},
        )
    ]  # fmt: skip
    assert list(workspace.previews(BATCH).iterdir())  # page images made once, kept
