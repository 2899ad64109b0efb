// A conversation page that updates by itself: new, edited, deleted and hidden messages appear
// without reloading; after a reconnection the page asks the API for what it missed; the form
// sends over the socket when it is open, and posts as usual when the socket never opened.
// Each message sent gets a client id; it stays in the list as "sending…" (or "not sent yet"
// while the connection is down) until the server acknowledges it with its id, is sent again
// with the same id after a reconnection (the server stores it once), and the text box is
// cleared only on that acknowledgement: a typed message is never lost without a word.
(function () {
  "use strict";
  var root = document.querySelector("[data-conversation]");
  // Only the page that shows the latest messages takes new ones as they come.
  if (!root || root.dataset.live !== "yes" || !window.voisinage) { return; }
  var conversationId = Number(root.dataset.conversation);
  var list = document.getElementById("messages");
  var typingNote = document.getElementById("typing");
  var form = document.getElementById("message-form");
  var labels = {
    deleted: root.dataset.labelDeleted,
    hidden: root.dataset.labelHidden,
    edited: root.dataset.labelEdited,
    typing: root.dataset.labelTyping,
    sending: root.dataset.labelSending,
    unsent: root.dataset.labelUnsent
  };
  var lastId = Number(root.dataset.lastId || 0);
  var typingTimer = null;
  var typingAuthor = null;  // whose "… is writing" the note shows
  var lastTypingSent = 0;

  function linkified(text) {
    // Text nodes and anchors only: nothing a neighbour writes is ever read as HTML.
    var fragment = document.createDocumentFragment();
    var pattern = /https?:\/\/[^\s<]+/g;
    var position = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(position, match.index)));
      var link = document.createElement("a");
      link.href = match[0];
      link.rel = "nofollow noopener";
      link.textContent = match[0];
      fragment.appendChild(link);
      position = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }

  function bodyOf(message) {
    if (message.deleted) { return document.createTextNode(labels.deleted); }
    if (message.hidden) { return document.createTextNode(labels.hidden); }
    return linkified(message.body);
  }

  function removePlaceholder() {
    var placeholder = list.querySelector("li:not(.message)");  // "No message yet"
    if (placeholder) { placeholder.remove(); }
  }

  function render(message) {
    var item = document.getElementById("message-" + message.id);
    // A message of ours shown as it was typed until its event came: drawn again, in its place.
    var typed = item && item.dataset.clientId ? item : null;
    if (!item || typed) {
      removePlaceholder();
      item = document.createElement("li");
      item.id = "message-" + message.id;
      item.className = "card message";
      var meta = document.createElement("p");
      meta.className = "meta";
      var author = document.createElement("strong");
      author.textContent = message.author.display_name;
      meta.appendChild(author);
      if (message.relais) {
        // Written by a relais for the author: everybody sees it, live too.
        var proxy = document.createElement("span");
        proxy.className = "proxy-note";
        proxy.textContent = " " + (root.dataset.labelProxy || "(%(relais)s for %(name)s)")
          .replace("%(relais)s", message.relais.display_name)
          .replace("%(name)s", message.author.display_name);
        meta.appendChild(proxy);
      }
      var when = document.createElement("time");
      when.dateTime = message.created_at;
      when.textContent = " · " + new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      meta.appendChild(when);
      item.appendChild(meta);
      var body = document.createElement("p");
      body.className = "message-body";
      item.appendChild(body);
      if (typed) { list.replaceChild(item, typed); } else { list.appendChild(item); }
    }
    var text = item.querySelector(".message-body");
    text.textContent = "";
    text.appendChild(bodyOf(message));
    if (message.edited && !message.deleted && !message.hidden) {
      text.appendChild(document.createTextNode(" " + labels.edited));
    }
    if (message.id > lastId) { lastId = message.id; }
  }

  function markRead() {
    if (!document.hidden) {
      window.voisinage.send({ type: "read", conversation: conversationId, last_read_id: lastId });
    }
  }

  ["message.new", "message.edited", "message.deleted", "message.hidden"].forEach(function (type) {
    window.voisinage.on(type, function (event) {
      if (event.conversation !== conversationId) { return; }
      render(event.message);
      if (type === "message.new") {
        // The message that was being written is here: its author no longer "is writing".
        if (event.message.author.id === typingAuthor) { clearTyping(); }
        markRead();
      }
    });
  });

  function clearTyping() {
    window.clearTimeout(typingTimer);
    typingAuthor = null;
    if (typingNote) { typingNote.textContent = ""; }
  }

  window.voisinage.on("typing", function (event) {
    if (event.conversation !== conversationId || !typingNote) { return; }
    var note = labels.typing.replace("%(name)s", event.user.display_name);
    // Told again every 3 s while they type: the same words are left alone, so that a screen
    // reader (the note is a live region) does not repeat them.
    if (typingNote.textContent !== note) { typingNote.textContent = note; }
    typingAuthor = event.user.id;
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(clearTyping, 4000);
  });

  // The messages after an id (the latest ones when there is none: a room that was empty).
  function fetchAfter(after, limit) {
    var query = after > 0 ? ["after=" + after] : [];
    if (limit) { query.push("limit=" + limit); }
    fetch("/api/v1/conversations/" + conversationId + "/messages/?" + query.join("&"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (page) { page.results.forEach(render); markRead(); });
  }

  window.voisinage.on("reconnected", function () { fetchAfter(lastId); });

  document.addEventListener("visibilitychange", markRead);

  if (form) {
    var field = form.querySelector("textarea");
    field.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000) {
        lastTypingSent = now;
        window.voisinage.send({ type: "typing", conversation: conversationId });
      }
    });
    var clientIdInput = form.querySelector("input[name='client_id']");
    form.addEventListener("submit", function (submitting) {
      var body = field.value.trim();
      if (!body) { return; }  // the server says what is wrong, as without JavaScript
      var entry = pendingWith(body);
      var socket = window.voisinage.state();
      if (!entry && !socket.everOpen) { return; }  // no live chat here: the form posts
      if (entry && !socket.open) {
        // Pressed again while the connection is down: the form posts it, under the same client
        // id, so that it is stored once even if the socket had delivered it.
        if (clientIdInput) { clientIdInput.value = entry.id; }
        return;
      }
      submitting.preventDefault();
      if (!entry) {
        entry = { id: newClientId(), body: body, item: null };
        pending.push(entry);
        keep();
      }
      if (errorNote) { errorNote.textContent = ""; }
      transmit(entry);
    });
  }

  var errorNote = document.getElementById("live-error");
  var pending = [];  // messages sent and not acknowledged yet, in the order they were written
  // Kept in the tab's session storage too: a reload (the "Reload the page" button) shows them
  // again and sends them once the socket is open, under the same client ids. They belong to the
  // signed-in user: on a shared computer (a public digital workshop) the next person signing in
  // in the same tab must never send what the previous one left waiting.
  var storagePrefix = "voisinage.unsent.";
  var userId = root.dataset.user || "";
  var storageKey = userId ? storagePrefix + userId + "." + conversationId : null;

  // Anything kept for another user (or for no user, as before keys named one) is dropped unread.
  function dropOthers() {
    try {
      var others = [];
      for (var i = 0; i < window.sessionStorage.length; i += 1) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(storagePrefix) === 0 && key.indexOf(storagePrefix + userId + ".") !== 0) {
          others.push(key);
        }
      }
      others.forEach(function (key) { window.sessionStorage.removeItem(key); });
    } catch (error) { /* no storage: nothing was kept */ }
  }

  function keep() {
    if (!storageKey) { return; }
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(pending.map(function (entry) {
        return { id: entry.id, body: entry.body };
      })));
    } catch (error) { /* no storage (private mode): they live as long as the page */ }
  }

  function restore() {
    dropOthers();
    if (!storageKey) { return; }
    var saved = [];
    try { saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "[]"); } catch (error) { saved = []; }
    if (!Array.isArray(saved)) { return; }
    saved.forEach(function (entry) {
      if (entry && typeof entry.id === "string" && typeof entry.body === "string") {
        pending.push({ id: entry.id, body: entry.body, item: null });
      }
    });
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    // randomUUID needs a secure context; getRandomValues does not (a version 4 UUID by hand).
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) {
      return (byte + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function pendingWith(body) {
    for (var i = 0; i < pending.length; i += 1) {
      if (pending[i].body === body) { return pending[i]; }
    }
    return null;
  }

  function forget(entry) {
    pending = pending.filter(function (other) { return other !== entry; });
    keep();
  }

  function show(entry, note) {
    if (!entry.item) {
      removePlaceholder();
      var item = document.createElement("li");
      item.className = "card message message--pending";
      item.dataset.clientId = entry.id;
      var meta = document.createElement("p");
      meta.className = "meta pending-note";
      item.appendChild(meta);
      var body = document.createElement("p");
      body.className = "message-body";
      body.appendChild(linkified(entry.body));
      item.appendChild(body);
      list.appendChild(item);
      entry.item = item;
    }
    entry.item.querySelector(".pending-note").textContent = note;
  }

  function transmit(entry) {
    var sent = window.voisinage.send({
      type: "message.send", conversation: conversationId, body: entry.body, client_id: entry.id
    });
    show(entry, sent ? labels.sending : labels.unsent);
  }

  function entryFor(clientId) {
    for (var i = 0; i < pending.length; i += 1) {
      if (pending[i].id === clientId) { return pending[i]; }
    }
    return null;
  }

  window.voisinage.on("message.ack", function (event) {
    var entry = entryFor(event.client_id);
    if (!entry) { return; }
    forget(entry);
    if (form) {
      var field = form.querySelector("textarea");
      // Cleared now that it is stored, unless something else was typed meanwhile.
      if (field.value.trim() === entry.body) { field.value = ""; field.focus(); }
    }
    if (!entry.item) { return; }
    if (document.getElementById("message-" + event.id)) {
      entry.item.remove();  // its event came first
    } else {
      // Stored: it keeps its place and its text until it is drawn in full, by its event or,
      // if that was lost with the connection, from the API.
      entry.item.id = "message-" + event.id;
      entry.item.className = "card message";
      entry.item.querySelector(".pending-note").textContent = "";
      var item = entry.item;
      window.setTimeout(function () {
        if (item.dataset.clientId && item.isConnected) { fetchAfter(event.id - 1, 1); }
      }, 2000);
    }
  });

  window.voisinage.on("closed", function () {
    pending.forEach(function (entry) { show(entry, labels.unsent); });
  });

  // Each time the socket is open (again): with the same client ids, stored once whatever
  // happened to the first try.
  window.voisinage.on("open", function () { pending.forEach(transmit); });

  restore();
  pending.forEach(function (entry) { show(entry, labels.unsent); });

  // A chat that cannot reach the server says so, in words, and offers a reload, instead of
  // trying again in silence; it goes on trying quietly, and the words go when it is back.
  // A socket that worked and drops once (the server restarts) gets one quiet try first.
  var down = document.getElementById("live-down");
  window.voisinage.on("closed", function (event) {
    if (!down || event.failures < (event.everOpen ? 2 : 1) || down.firstChild) { return; }
    var text = document.createElement("span");
    text.textContent = down.dataset.text + " ";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button button--small";
    reload.textContent = down.dataset.reload;
    reload.addEventListener("click", function () { window.location.reload(); });
    down.appendChild(text);
    down.appendChild(reload);
    down.className = "alert alert--error live-down";
  });
  window.voisinage.on("open", function () {
    if (!down) { return; }
    down.textContent = "";
    down.className = "";
  });

  window.voisinage.on("error", function (event) {
    if (errorNote) { errorNote.textContent = event.detail; }
    var entry = event.ref ? entryFor(event.ref) : null;
    // Refused (too long, too fast, blocked…): it will not go as it is. Its text goes back to
    // the box, if the box holds nothing else, to be changed and sent again. A live service
    // that is down refuses nothing: the message waits for the reconnection.
    if (!entry || event.code === "unavailable") { return; }
    forget(entry);
    var field = form ? form.querySelector("textarea") : null;
    if (field && (!field.value.trim() || field.value.trim() === entry.body)) {
      field.value = entry.body;
      if (entry.item) { entry.item.remove(); }
    } else if (entry.item) {
      entry.item.querySelector(".pending-note").textContent = event.detail;
    }
  });
})();
