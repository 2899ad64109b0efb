// A conversation page that updates by itself: new, edited, deleted and hidden messages appear
// without reloading; after a reconnection the page asks the API for what it missed; the form
// sends over the socket when it is open, and posts as usual otherwise.
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
    typing: root.dataset.labelTyping
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

  function render(message) {
    var item = document.getElementById("message-" + message.id);
    if (!item) {
      var placeholder = list.querySelector("li:not(.message)");  // "No message yet"
      if (placeholder) { placeholder.remove(); }
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
      list.appendChild(item);
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

  window.voisinage.on("reconnected", function () {
    fetch("/api/v1/conversations/" + conversationId + "/messages/?after=" + lastId, {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (page) { page.results.forEach(render); markRead(); });
  });

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
    form.addEventListener("submit", function (submitting) {
      var body = field.value.trim();
      if (!body) { return; }  // the server says what is wrong, as without JavaScript
      if (window.voisinage.send({ type: "message.send", conversation: conversationId, body: body })) {
        submitting.preventDefault();
        field.value = "";
        field.focus();
      }
    });
  }

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
    var errors = document.getElementById("live-error");
    if (errors) { errors.textContent = event.detail; }
  });
})();
