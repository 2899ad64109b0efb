"""The interactive API docs work in a real browser under the site's strict
Content-Security-Policy: Swagger UI starts, shows the operations, and the browser reports no
violation of the policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Listens before any script of the page runs: every refusal of the policy is kept.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_swagger_ui_works_under_the_strict_policy(live_server, page: Page) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response is not None and response.ok
    assert "script-src 'self';" in response.headers["content-security-policy"]
    expect(page.get_by_text("Voisinage API").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    # The operations open, with their parameters: the page's script runs, not only the bundle.
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
