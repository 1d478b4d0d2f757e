// Shared helpers for the portal's pages: CSRF-protected JSON calls and the menu.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const token = meta ? meta.content : "";

  async function postJson(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = { detail: "服务器返回了无法识别的内容" };
    }
    return { ok: response.ok, status: response.status, data: data };
  }

  function closeMenuOnEscape(event) {
    if (event.key !== "Escape") return;
    const menu = document.querySelector("details.menu[open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  }

  document.addEventListener("keydown", closeMenuOnEscape);
  window.Kefu = { postJson: postJson, csrfToken: token, portal: "/portal" };
})();
