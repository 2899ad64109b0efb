// The one WebSocket of this tab, shared by the page's live parts (chat, feed, notifications).
// It reconnects with a growing delay (1 s, 2 s, 4 s… up to 30 s) and tells the parts when it is
// back, so they can fetch what they missed; each "closed" event says how many tries in a row
// have failed, so a part can tell the reader in words. Every page works without it.
// The socket counts as open once the server says "hello": a server whose live service is down
// accepts, says why ("error") and closes, and that must not reset the delay.
(function () {
  "use strict";
  var listeners = {};
  var socket = null;
  var delay = 1000;
  var everOpen = false;
  var failures = 0;  // closes since the socket was last open
  var ready = false;  // "hello" received on the current socket

  function on(type, callback) {
    (listeners[type] = listeners[type] || []).push(callback);
  }

  function emit(type, event) {
    (listeners[type] || []).forEach(function (callback) { callback(event); });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      if (!event || typeof event.type !== "string") { return; }
      if (event.type === "hello") { opened(); }
      emit(event.type, event);
    };
    socket.onclose = function (closing) {
      ready = false;
      failures += 1;
      emit("closed", { failures: failures, everOpen: everOpen });
      if (closing.code === 4401) { return; }  // signed out: nothing to come back to
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  function opened() {
    ready = true;
    delay = 1000;
    failures = 0;
    if (everOpen) { emit("reconnected", {}); }
    everOpen = true;
    emit("open", {});
  }

  function send(payload) {
    if (ready && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(payload));
      return true;
    }
    return false;
  }

  // Whether the socket is open now, and whether it ever was in this page.
  function state() {
    return { open: ready && socket !== null && socket.readyState === WebSocket.OPEN, everOpen: everOpen };
  }

  window.voisinage = { on: on, send: send, state: state };
  if (document.body.dataset.signedIn === "yes" && "WebSocket" in window) { connect(); }
})();
