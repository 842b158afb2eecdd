// The tourney player page: the board over JSON, then live over a WebSocket.
(function () {
  "use strict";
  var app = document.getElementById("app");
  var operator = app.getAttribute("data-operator");
  var tournament = app.getAttribute("data-tournament");
  var base = "/v1/play/" + encodeURIComponent(operator) + "/" + encodeURIComponent(tournament);
  var TOP = 10;

  // The token arrives in the fragment, never sent to the server; drop it from the URL.
  var token = "";
  var m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    token = decodeURIComponent(m[1]);
    history.replaceState(null, "", location.pathname + location.search);
  }

  var locale = navigator.language || "en";
  var num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(locale);
  var time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });

  var board = null;     // the last board: title, start, end, tie-break, prizes
  var phase = "scheduled";
  var top = [];
  var me = null;
  var asOf = null;
  var lastId = null;
  var socket = null;
  var retry = 0;
  var refused = false;

  function el(id) { return document.getElementById(id); }
  function text(id, s) { el(id).textContent = s; }
  function score(s) { var n = Number(s); return isFinite(n) ? num.format(n) : String(s); }

  function setState(state, message) {
    app.setAttribute("data-state", state);
    text("state", message);
  }

  function duration(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
    var min = Math.floor(s % 3600 / 60), sec = s % 60;
    var parts = [];
    if (d) { parts.push(d + " d"); }
    if (d || h) { parts.push(h + " h"); }
    parts.push(min + " min");
    if (!d) { parts.push(sec + " s"); }
    return parts.join(" ");
  }

  function renderClock() {
    if (!board) { return; }
    var now = Date.now(), start = Date.parse(board.start), end = Date.parse(board.end);
    var s;
    if (phase === "finished" || phase === "finalizing") {
      s = "Ended " + time.format(new Date(end));
    } else if (phase === "running") {
      s = end > now ? "Time left: " + duration(end - now) : "Ends " + time.format(new Date(end));
    } else {
      s = start > now ? "Starts in " + duration(start - now) : "Starts " + time.format(new Date(start));
    }
    text("clock", s);
  }

  function row(e, you) {
    var tr = document.createElement("tr");
    if (you) { tr.className = "you"; tr.setAttribute("aria-current", "true"); }
    var cells = [whole.format(e.place), you ? "You" : e.name, score(e.score), e.prize || ""];
    for (var i = 0; i < cells.length; i++) {
      var td = document.createElement("td");
      td.textContent = cells[i];
      if (i === 1) { td.className = "name"; }
      tr.appendChild(td);
    }
    return tr;
  }

  function renderTop() {
    var body = el("top-body");
    body.textContent = "";
    var mine = me && me.place;
    for (var i = 0; i < top.length; i++) {
      var e = top[i];
      body.appendChild(row(e, mine === e.place));
    }
    el("empty").hidden = top.length > 0;
  }

  function renderMe() {
    var section = el("me");
    if (!me) { section.hidden = true; return; }
    section.hidden = false;
    var table = el("me-table"), body = el("me-body");
    body.textContent = "";
    if (me.place === null || me.place === undefined) {
      text("me-summary", "Not ranked yet: your first counted wager puts you on the board.");
      table.hidden = true;
      return;
    }
    text("me-summary", "You are number " + whole.format(me.place) + " with " + score(me.score) +
      " points" + (me.prize ? ", in the prizes: " + me.prize : "") + ".");
    var rows = me.above.concat([{ place: me.place, name: "You", score: me.score, prize: me.prize }], me.below);
    for (var i = 0; i < rows.length; i++) {
      body.appendChild(row(rows[i], rows[i].place === me.place));
    }
    table.hidden = false;
  }

  function renderRules() {
    var list = el("prizes");
    list.textContent = "";
    for (var i = 0; i < board.prizes.length; i++) {
      var li = document.createElement("li");
      li.textContent = board.prizes[i].places + ": " + board.prizes[i].prize;
      list.appendChild(li);
    }
    text("ties", board.tie_break);
  }

  function renderAsOf() {
    text("asof", asOf ? "Standings as of " + time.format(new Date(asOf)) : "No wager counted yet.");
  }

  function renderPhase() {
    if (refused) { return; }
    if (phase === "finished" || phase === "finalizing") {
      setState("finished", "Tournament finished: these are the final standings.");
    } else if (me && (me.place === null || me.place === undefined)) {
      setState("unranked", "");
    } else {
      setState("live", "");
    }
    renderClock();
  }

  function render() { renderTop(); renderMe(); renderAsOf(); renderPhase(); }

  function apply(msg) {
    if (msg.id) { lastId = msg.id; }
    if (msg.phase) { phase = msg.phase; }
    if (msg.as_of) { asOf = msg.as_of; }
    if (msg.top) { top = msg.top; }
    if (msg.me) { me = msg.me; }
    render();
  }

  function headers() {
    return token ? { Authorization: "Bearer " + token } : {};
  }

  function refuse(message) {
    refused = true;
    top = []; me = null;
    render();
    setState("refused", message);
  }

  function load() {
    return fetch(base + "/board?top=" + TOP, { headers: headers() }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) { throw new Error((body && body.error) || res.statusText); }
        board = body;
        text("title", body.title);
        document.title = body.title;
        renderRules();
        apply({ phase: body.phase, as_of: body.as_of, top: body.top });
      });
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + base + "/ws");
    socket.onopen = function () {
      var sub = { type: "subscribe", top: TOP };
      if (token) { sub.token = token; }
      if (lastId) { sub.last = lastId; }
      socket.send(JSON.stringify(sub));
    };
    socket.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "error") { refuse(msg.message); return; }
      retry = 0;
      apply(msg);
    };
    socket.onclose = function () {
      socket = null;
      if (refused) { return; }
      setState("reconnecting", "Connection lost, reconnecting…");
      var wait = Math.min(5000, 250 * Math.pow(2, retry));
      retry += 1;
      setTimeout(connect, wait);
    };
  }

  setInterval(renderClock, 1000);
  load().then(connect, function (e) {
    if (/token/i.test(e.message)) { refuse(e.message); } else { connect(); }
  });
})();
