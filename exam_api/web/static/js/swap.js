// Shows the rule's verdict on a swap while the two shifts are being chosen (nothing is filed).
"use strict";
(function () {
  const form = document.getElementById("swap-form");
  if (!form) return;
  const box = document.getElementById("verdict");
  let sequence = 0;

  function show(result) {
    box.className = "verdict " + (result.allowed === null ? "pending" : result.allowed ? "ok" : "refused");
    box.replaceChildren();
    if (result.allowed !== null) {
      const head = document.createElement("strong");
      head.textContent = result.allowed ? "符合规定" : "不符合规定";
      box.appendChild(head);
    }
    const message = document.createElement("span");
    message.className = "verdict-message";
    message.textContent = result.message;
    box.appendChild(message);
    if (result.url) {
      const link = document.createElement("a");
      link.className = "rule-link";
      link.href = result.url;
      link.textContent = "查看手册条款";
      box.appendChild(link);
    }
  }

  async function check() {
    const mine = ++sequence;
    const body = {
      requester_assignment_id: Number(form.requester_assignment_id.value) || null,
      counterpart_assignment_id: Number(form.counterpart_assignment_id.value) || null,
    };
    const result = await window.Kefu.postJson(window.Kefu.portal + "/api/swaps/check", body);
    if (mine !== sequence) return;
    show(result.ok ? result.data : { allowed: false, message: result.data.detail || "无法检查" });
  }

  form.requester_assignment_id.addEventListener("change", check);
  form.counterpart_assignment_id.addEventListener("change", check);
  if (form.requester_assignment_id.value && form.counterpart_assignment_id.value && !box.querySelector("strong")) check();
})();
