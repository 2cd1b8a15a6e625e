"""A Committee member answers a circulated draft in a real browser (headless chromium)."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from mailserver import free_port
from samplebatch import make_batch

from verbale.batches import circulation
from verbale.batches.ledger import Action
from verbale.batches.review import load_batch
from verbale.sending.circulation import committee_of, member_link
from verbale.settings import Settings
from verbale.web.app import create_app

BATCH = "20160303-100000-statement-c1c1"

pytestmark = pytest.mark.slow


def test_member_records_an_objection_with_its_reason_in_chromium(tmp_path: Path) -> None:
    """The e-mail's link opens the form; an objection with its reason is recorded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    settings = Settings(work_dir=tmp_path / "work", review_port=port)
    make_batch(settings.workspace, BATCH)
    now = datetime.now().astimezone()
    circulation.start(
        settings.workspace.ledger, load_batch(settings.workspace, BATCH),
        committee_of(settings), "Ana", now + timedelta(days=3), now,
    )  # fmt: skip
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", profile):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(member_link(settings, BATCH, 1, "FR"))
        assert driver.find_element(By.ID, "standing").text == "open"
        driver.find_element(By.CSS_SELECTOR, "input[value=objection]").click()
        driver.find_element(By.NAME, "text").send_keys("The facts are not yet verified.")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        shown = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "message"))
        assert shown[0].text == "recorded for FR: objection"
        assert driver.find_element(By.ID, "standing").text == "objected"
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=10)
    event = settings.workspace.ledger.events(BATCH)[-1]
    assert event.action is Action.OBJECTION
    assert event.note == "version 1; FR; The facts are not yet verified."
