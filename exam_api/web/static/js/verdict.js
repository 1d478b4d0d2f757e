// Shows the rule's verdict on a leave request while it is being filled in (nothing is filed).
"use strict";
(function () {
  const form = document.getElementById("leave-form");
  if (!form) return;
  const box = document.getElementById("verdict");
  const longFields = document.getElementById("long-fields");
  const emergencyFields = document.getElementById("emergency-fields");
  let timer = null;
  let sequence = 0;

  function draft() {
    const fields = {};
    form.querySelectorAll("[data-form-field]").forEach((input) => {
      if (input.value.trim()) fields[input.dataset.formField] = input.value.trim();
    });
    return {
      kind: form.kind.value,
      start: form.start.value || null,
      end: form.end.value || null,
      form: fields,
      cover_plan: form.cover_plan.value,
      emergency_kind: form.kind.value === "emergency" ? form.emergency_kind.value : null,
      phoned_supervisor: form.phoned_supervisor.checked,
    };
  }

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
    let text = result.message;
    if (result.allowed && result.kind_label) text = result.kind_label + " " + result.days + " 天：" + text;
    message.textContent = text;
    box.appendChild(message);
    if (result.url) {
      const link = document.createElement("a");
      link.className = "rule-link";
      link.href = result.url;
      link.textContent = "查看手册条款";
      box.appendChild(link);
    }
    const isLong = result.effective_kind === "long" || form.kind.value === "long";
    longFields.hidden = !isLong;
    emergencyFields.hidden = form.kind.value !== "emergency";
  }

  async function check() {
    const mine = ++sequence;
    const result = await window.Kefu.postJson(window.Kefu.portal + "/api/leave/check", draft());
    if (mine !== sequence) return;
    if (result.ok) show(result.data);
    else show({ allowed: false, message: result.data.detail || "无法检查" });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  if (form.start.value && form.end.value) check();
  else emergencyFields.hidden = form.kind.value !== "emergency";
})();
