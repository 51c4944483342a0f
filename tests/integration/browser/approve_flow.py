#!/usr/bin/python3
"""An approver and a viewer at the admin web view, in real headless Chromium (Selenium with
Debian's chromedriver). Driven by web_browser_approve_test.cpp, which starts the broker with
2,000 links and checks the store afterwards; this script only does what the two people do in the
browser and prints what they saw, one "key=value" a line.

  approve_flow.py BASE_URL SEARCH APPROVER_NAME APPROVER_TOKEN VIEWER_NAME VIEWER_TOKEN

The approver logs in, searches for SEARCH among the proposed links, opens the only hit,
approves it with a reason and reads the status badge, then logs out; the viewer logs in, opens
the first link still proposed, counts the action forms and tries to approve it with POSTs made
from the page's own script (as a forged form would be), with and without the page's CSRF token.
Exit status 3 when Chromium, chromedriver or Selenium is missing.
"""
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("error=python3-selenium is missing: install the Debian packages python3-selenium "
          "and chromium-driver (./renkei.sh deps does)")
    sys.exit(3)

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


def say(key, value):
    print(f"{key}={value}", flush=True)


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def log_in(driver, base, name, token):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "user").send_keys(name)
    driver.find_element(By.NAME, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located(
        (By.ID, "user-bar")))


def log_out(driver):
    driver.find_element(By.CSS_SELECTOR, "#user-bar button[type=submit]").click()
    WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located(
        (By.ID, "login")))


def badge(driver):
    return driver.find_element(By.CSS_SELECTOR, "#link .badge").text


# A POST another page could make the viewer's browser send: form-encoded, the session cookie
# attached by the browser, with or without the CSRF token the page carries. Returns the status.
FORGED_POST = """
const [path, withCsrf, done] = arguments;
const csrf = document.querySelector('input[name=csrf]');
const body = 'reason=forged' + (withCsrf && csrf ? '&csrf=' + csrf.value : '');
fetch(path, {method: 'POST', credentials: 'same-origin', redirect: 'manual',
             headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body})
  .then(r => done(r.status), e => done('error ' + e));
"""


def main():
    base, search, approver, approver_token, viewer, viewer_token = sys.argv[1:7]
    for path, package in ((CHROMEDRIVER, "chromium-driver"), (CHROMIUM, "chromium")):
        if not os.access(path, os.X_OK):
            say("error", f"{path} is missing: install the Debian package {package} "
                         "(./renkei.sh deps does)")
            return 3
    profile = tempfile.mkdtemp(prefix="renkei-selenium-")
    driver = browser(profile)
    try:
        log_in(driver, base, approver, approver_token)
        say("approver_bar", driver.find_element(By.ID, "user-bar").text.replace("\n", " "))
        query = urllib.parse.urlencode({"q": search, "status": "proposed"})
        driver.get(base + "/?" + query)
        rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child a")
        say("search_hits", len(rows))
        rows[0].click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located(
            (By.ID, "link")))
        link_path = urllib.parse.urlparse(driver.current_url).path
        say("link", link_path)
        say("badge_before", badge(driver))
        form = driver.find_element(By.ID, "action-approve")
        form.find_element(By.NAME, "reason").send_keys("法令確認済 2,000件棚卸し")
        started = time.monotonic()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#link .badge.status-approved"))
        say("approve_ms", round((time.monotonic() - started) * 1000))
        say("badge_after", badge(driver))
        say("after_url", urllib.parse.urlparse(driver.current_url).path)
        log_out(driver)

        log_in(driver, base, viewer, viewer_token)
        say("viewer_bar", driver.find_element(By.ID, "user-bar").text.replace("\n", " "))
        driver.get(base + "/?status=proposed&sort=id")
        proposed = driver.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child a")
        other_path = urllib.parse.urlparse(proposed[0].get_attribute("href")).path
        driver.get(base + other_path)
        say("viewer_badge", badge(driver))
        say("viewer_action_forms", len(driver.find_elements(By.CSS_SELECTOR, "form.action")))
        driver.set_script_timeout(20)
        say("forged_without_csrf",
            driver.execute_async_script(FORGED_POST, other_path + "/approve", False))
        say("forged_with_viewer_csrf",
            driver.execute_async_script(FORGED_POST, other_path + "/approve", True))
        driver.refresh()
        say("viewer_badge_after", badge(driver))
        say("viewer_link", other_path)
        return 0
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
