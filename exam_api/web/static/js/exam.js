// Taking an exam: the server's deadline drives the countdown; every change is saved at once
// (text after a short pause); the page shows whether everything is saved; submitting lists
// the questions still unanswered.
"use strict";
(function () {
  const bar = document.getElementById("exam-bar");
  if (!bar) return;
  const saveUrl = bar.dataset.saveUrl;
  const endAt = Date.now() + Number(bar.dataset.remaining) * 1000;
  const countdown = document.getElementById("countdown");
  const stateLabel = document.getElementById("save-state");
  const submitForm = document.getElementById("submit-form");
  const dialog = document.getElementById("submit-dialog");
  const pending = new Map(); // question no -> timer of a text field waiting to be saved
  const inFlight = new Set();
  const failed = new Set();
  let submitting = false;

  function showState() {
    stateLabel.classList.remove("saved", "error");
    if (failed.size) {
      stateLabel.textContent = "有答案未能保存，正在重试…";
      stateLabel.classList.add("error");
    } else if (pending.size || inFlight.size) {
      stateLabel.textContent = "正在保存…";
    } else {
      stateLabel.textContent = "所有答案已保存";
      stateLabel.classList.add("saved");
    }
  }

  function readAnswer(box) {
    const type = box.dataset.type;
    if (type === "single_choice") {
      const checked = box.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (type === "multiple_choice") {
      const values = Array.from(box.querySelectorAll("input:checked")).map((i) => i.value);
      return values.length ? values : null;
    }
    if (type === "true_false") {
      const checked = box.querySelector("input:checked");
      return checked ? checked.value === "true" : null;
    }
    if (type === "ordering") {
      const list = box.querySelector("ol.ordering");
      if (list.dataset.touched !== "true") return null;
      return Array.from(list.children).map((li) => li.dataset.id);
    }
    if (type === "matching") {
      const answer = {};
      let any = false;
      box.querySelectorAll("select").forEach((select) => {
        answer[select.dataset.prompt] = select.value || null;
        if (select.value) any = true;
      });
      return any ? answer : null;
    }
    const field = box.querySelector("input, textarea");
    const text = field.value;
    if (type === "numeric") {
      const trimmed = text.trim();
      if (!trimmed) return null;
      const ok = /^[-+]?\d+(\.\d+)?$/.test(trimmed.replace(/,/g, ""));
      box.querySelector(".local-error").hidden = ok;
      if (!ok) throw new Error("not a number");
      return trimmed;
    }
    return text.trim() ? text : null;
  }

  function isAnswered(box) {
    try {
      const value = readAnswer(box);
      return value !== null;
    } catch (err) {
      return false;
    }
  }

  async function save(box) {
    const no = box.dataset.no;
    clearTimeout(pending.get(no));
    pending.delete(no);
    let answer;
    try {
      answer = readAnswer(box);
    } catch (err) {
      showState();
      return;
    }
    inFlight.add(no);
    showState();
    const note = box.querySelector(".q-state");
    try {
      const result = await window.Kefu.postJson(saveUrl + no, { answer: answer });
      if (result.ok) {
        failed.delete(no);
        note.textContent = result.data.answered ? "已保存" : "未作答";
      } else if (result.status === 409) {
        window.location.reload(); // time is up: the server has submitted the attempt
        return;
      } else {
        failed.add(no);
        note.textContent = result.data.detail || "保存失败";
      }
    } catch (err) {
      failed.add(no);
      note.textContent = "网络中断，恢复后自动重试";
      setTimeout(() => save(box), 3000);
    } finally {
      inFlight.delete(no);
      showState();
    }
  }

  function later(box, delay) {
    const no = box.dataset.no;
    clearTimeout(pending.get(no));
    pending.set(no, setTimeout(() => save(box), delay));
    showState();
  }

  const form = document.getElementById("exam-form");
  form.addEventListener("change", (event) => {
    const box = event.target.closest("fieldset.question");
    if (box) save(box);
  });
  form.addEventListener("input", (event) => {
    const box = event.target.closest("fieldset.question");
    if (box && event.target.matches("input[type=text], textarea")) later(box, 800);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const box = button.closest("fieldset.question");
    const list = box.querySelector("ol.ordering");
    if (button.classList.contains("move")) {
      const item = button.closest("li");
      const dir = Number(button.dataset.dir);
      const sibling = dir < 0 ? item.previousElementSibling : item.nextElementSibling;
      if (sibling) {
        if (dir < 0) list.insertBefore(item, sibling);
        else list.insertBefore(sibling, item);
      }
      list.dataset.touched = "true";
      button.focus();
      save(box);
    } else if (button.classList.contains("save-order")) {
      list.dataset.touched = "true";
      save(box);
    }
  });

  function flushAll() {
    pending.forEach((timer, no) => {
      const box = document.getElementById("question-" + no);
      save(box);
    });
  }

  function tick() {
    const left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = left % 60;
    countdown.textContent = String(minutes).padStart(2, "0") + ":" + String(seconds).padStart(2, "0");
    countdown.classList.toggle("low", left <= 60);
    if (left === 0 && !submitting) {
      submitting = true;
      window.location.reload(); // the server submits an attempt whose deadline has passed
      return;
    }
    setTimeout(tick, 1000 - (Date.now() % 1000));
  }

  async function waitForSaves() {
    flushAll();
    for (let i = 0; i < 50 && (inFlight.size || pending.size); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  document.getElementById("submit-open").addEventListener("click", async () => {
    await waitForSaves();
    const missing = Array.from(form.querySelectorAll("fieldset.question"))
      .filter((box) => !isAnswered(box))
      .map((box) => box.dataset.no);
    const text = document.getElementById("unanswered-text");
    const list = document.getElementById("unanswered-list");
    list.replaceChildren();
    if (missing.length) {
      text.textContent = "还有 " + missing.length + " 道题未作答：";
      missing.forEach((no) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = "#question-" + no;
        link.textContent = "第 " + no + " 题";
        link.addEventListener("click", () => dialog.close());
        li.appendChild(link);
        list.appendChild(li);
      });
    } else {
      text.textContent = "所有题目都已作答。";
    }
    dialog.showModal();
  });
  document.getElementById("submit-cancel").addEventListener("click", () => dialog.close());
  document.getElementById("submit-confirm").addEventListener("click", async () => {
    submitting = true;
    await waitForSaves();
    submitForm.submit();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (pending.size || inFlight.size)) {
      flushAll();
      event.preventDefault();
    }
  });

  tick();
  showState();
})();
