//go:build browser

package browsertest

// The JavaScript of the harness. Every script the harness runs in the page
// is one of these, and each carries a URL under the run's secret prefix, so
// that the debugger tells the harness's scripts from any other.

// trapJS runs in every frame before the frame's own scripts
// (Page.addScriptToEvaluateOnNewDocument). It replaces alert, confirm,
// prompt and print with functions that report the call to the harness
// through a CDP binding. %[1]q is the binding's name, %[2]s the script's URL.
const trapJS = `(function () {
  "use strict";
  var name = %[1]q;
  var bound = window[name];
  function send(fn, arg, csp) {
    var b = typeof bound === "function" ? bound : window[name];
    var msg;
    try {
      msg = JSON.stringify({fn: fn, arg: String(arg).slice(0, 200), csp: csp, url: String(location.href).slice(0, 200)});
    } catch (e) {
      msg = JSON.stringify({fn: fn});
    }
    try { b(msg); } catch (e) {}
  }
  // The harness's pages carry a report-only Content-Security-Policy that
  // allows no script: each violation report names a script that ran.
  document.addEventListener("securitypolicyviolation", function (e) {
    send("csp", "", {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
                     source: e.sourceFile, line: e.lineNumber});
  }, true);
  ["alert", "confirm", "prompt", "print"].forEach(function (fn) {
    var f = function (arg) {
      send(fn, arg);
      return fn === "confirm" ? false : fn === "prompt" ? null : undefined;
    };
    try {
      Object.defineProperty(window, fn, {value: f, writable: true, configurable: true, enumerable: true});
    } catch (e) {
      try { window[fn] = f; } catch (e2) {}
    }
  });
})();
//# sourceURL=%[2]s
`

// innerJS is the innerHTML harness, served as an external script at the end
// of an otherwise empty page. For each output it appends to the body a
// <section data-bt="TOKEN:i"> holding a div whose innerHTML is set to the
// output, a <template> whose innerHTML is set to the output, and a div into
// which the template's content is cloned. It takes the DOM methods from the
// prototypes first, so that markup clobbering document or element
// properties (<img name=createElement>) cannot stop it. %[1]q is the page's
// token, %[2]s the outputs as a JSON array.
const innerJS = `(function (T, outs) {
  "use strict";
  var D = Document.prototype, N = Node.prototype, E = Element.prototype;
  var createElement = D.createElement, importNode = D.importNode;
  var appendChild = N.appendChild, setAttribute = E.setAttribute;
  var setInner = Object.getOwnPropertyDescriptor(E, "innerHTML").set;
  var content = Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, "content").get;
  var body = Object.getOwnPropertyDescriptor(D, "body").get.call(document);
  for (var i = 0; i < outs.length; i++) {
    var w = createElement.call(document, "section");
    setAttribute.call(w, "data-bt", T + ":" + i);
    appendChild.call(body, w);
    var a = createElement.call(document, "div");
    setAttribute.call(a, "data-bt-part", "inner");
    appendChild.call(w, a);
    setInner.call(a, outs[i]);
    var t = createElement.call(document, "template");
    appendChild.call(w, t);
    setInner.call(t, outs[i]);
    var c = createElement.call(document, "div");
    setAttribute.call(c, "data-bt-part", "clone");
    appendChild.call(w, c);
    appendChild.call(c, importNode.call(document, content.call(t), true));
  }
})(%[1]q, %[2]s);
`

// checkJS runs in an isolated world of the loaded page once it has loaded.
// It walks the DOM (elements of every namespace, shadow roots,
// <template> content and same-origin frame documents), attributes what it
// finds to the output it came from, checks for a server-rendered batch that
// each output parsed exactly as it parses alone, then clicks every link,
// area, button and submit input, output by output, each with its target
// set to _self so that its navigation stays in the watched frame (a
// popup, opened without a user gesture, would be blocked and never run).
//
// Arguments: mode ("ssr" or "inner"), the page's token, the outputs, the
// harness script's URL (inner mode), the milliseconds to wait for the page
// to settle, and after each click. It resolves to a JSON string:
// {found, per, global, unverified, clicked}. Like the others it reads the
// DOM only through getters and methods taken from the prototypes, never
// through properties that markup can clobber.
const checkJS = `(async function (mode, T, outs, harnessSrc, settleMS, clickSettleMS) {
  "use strict";
  var HTML = "http://www.w3.org/1999/xhtml", SVG = "http://www.w3.org/2000/svg",
      MATH = "http://www.w3.org/1998/Math/MathML";
  function G(proto, name) {
    for (var p = proto; p; p = Object.getPrototypeOf(p)) {
      var d = Object.getOwnPropertyDescriptor(p, name);
      if (d && d.get) return d.get;
    }
    throw new Error("no getter " + name);
  }
  var NP = Node.prototype, EP = Element.prototype, DP = Document.prototype;
  var firstChild = G(NP, "firstChild"), nextSibling = G(NP, "nextSibling"), nodeTypeOf = G(NP, "nodeType"),
      baseURIOf = G(NP, "baseURI"), dataOf = G(CharacterData.prototype, "data"),
      attrsOf = G(EP, "attributes"), localNameOf = G(EP, "localName"), nsOf = G(EP, "namespaceURI"),
      shadowOf = G(EP, "shadowRoot"), contentOf = G(HTMLTemplateElement.prototype, "content"),
      iframeDocOf = G(HTMLIFrameElement.prototype, "contentDocument"),
      frameDocOf = G(HTMLFrameElement.prototype, "contentDocument"),
      objectDocOf = G(HTMLObjectElement.prototype, "contentDocument"),
      mapLen = G(NamedNodeMap.prototype, "length"), mapItem = NamedNodeMap.prototype.item,
      aName = G(Attr.prototype, "name"), aLocal = G(Attr.prototype, "localName"),
      aNS = G(Attr.prototype, "namespaceURI"), aValue = G(Attr.prototype, "value"),
      getAttr = EP.getAttribute, setAttr = EP.setAttribute, hasAttr = EP.hasAttribute,
      bodyOf = G(DP, "body"), headOf = G(DP, "head"), docElOf = G(DP, "documentElement"),
      doctypeNameOf = G(DocumentType.prototype, "name"), piTargetOf = G(ProcessingInstruction.prototype, "target"),
      htmlClick = HTMLElement.prototype.click, dispatch = EventTarget.prototype.dispatchEvent,
      parse = DOMParser.prototype.parseFromString, hostOf = G(ShadowRoot.prototype, "host");
  // The closed shadow roots, which the harness put here from CDP.
  var closedRoots = new Map();
  (globalThis.__btClosedRoots || []).forEach(function (r) {
    var h = hostOf.call(r);
    closedRoots.set(h, (closedRoots.get(h) || []).concat([r]));
  });

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function clip(s) { s = String(s); return s.length > 160 ? s.slice(0, 160) + "..." : s; }

  // The URL attributes whose value is checked (xlink:href has local name href).
  var URL_ATTRS = {href: 1, src: 1, action: 1, formaction: 1, data: 1, poster: 1, background: 1,
    cite: 1, longdesc: 1, codebase: 1, lowsrc: 1, dynsrc: 1};
  // SVG animation elements can set href: their to/from/values are URLs then.
  var ANIM = {animate: 1, set: 1, animatetransform: 1, animatemotion: 1};
  var ACTIVE_DATA = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)/;

  // danger returns "" for a harmless URL, else the scheme that makes it
  // dangerous. It resolves the value as the browser does (the URL parser
  // strips leading and trailing C0 controls and spaces and removes tabs
  // and newlines anywhere).
  function danger(v, base) {
    var s = String(v).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
    var scheme = "";
    try { scheme = new URL(s, base).protocol.slice(0, -1).toLowerCase(); } catch (e) {
      var m = /^([a-zA-Z][a-zA-Z0-9+.\-]*):/.exec(s);
      if (m) scheme = m[1].toLowerCase();
    }
    if (scheme === "javascript" || scheme === "vbscript") return scheme + ":";
    if (scheme === "data") {
      var mime = s.slice(s.indexOf(":") + 1).replace(/^[\u0000-\u0020]+/, "").toLowerCase();
      if (ACTIVE_DATA.test(mime)) return "data:" + mime.split(/[;,]/)[0];
    }
    return "";
  }

  function tagOf(el) {
    var ns = nsOf.call(el), ln = localNameOf.call(el);
    return (ns === HTML ? "" : ns === SVG ? "svg:" : ns === MATH ? "math:" : "{" + ns + "}") + ln;
  }

  function clickable(el) {
    var ns = nsOf.call(el), ln = localNameOf.call(el);
    if (ns === HTML) {
      if (ln === "a") return hasAttr.call(el, "href");
      if (ln === "area" || ln === "button") return true;
      if (ln === "input") {
        var t = String(getAttr.call(el, "type") || "").trim().toLowerCase();
        return t === "submit" || t === "image";
      }
      return false;
    }
    return ns === SVG && ln === "a";
  }

  function checkElement(el, out, clicks) {
    var ns = nsOf.call(el), ln = localNameOf.call(el), tag = tagOf(el);
    if (ln === "script") out.push("<" + tag + "> element");
    var attrs = attrsOf.call(el), n = mapLen.call(attrs), base = baseURIOf.call(el);
    var lnl = ln.toLowerCase();
    for (var i = 0; i < n; i++) {
      var a = mapItem.call(attrs, i), name = aName.call(a), lname = aLocal.call(a).toLowerCase(), v = aValue.call(a), d;
      if (lname.slice(0, 2) === "on" || name.toLowerCase().slice(0, 2) === "on") {
        out.push("<" + tag + "> event handler " + name + "=" + JSON.stringify(clip(v)));
      } else if (lname === "srcdoc") {
        out.push("<" + tag + "> srcdoc=" + JSON.stringify(clip(v)));
      } else if (URL_ATTRS[lname] === 1) {
        if ((d = danger(v, base))) out.push("<" + tag + "> " + name + "=" + JSON.stringify(clip(v)) + " resolves to " + d);
      } else if (ns === SVG && ANIM[lnl] === 1 && (lname === "to" || lname === "from" || lname === "values")) {
        var parts = v.split(";");
        for (var j = 0; j < parts.length; j++) {
          if ((d = danger(parts[j], base))) { out.push("<" + tag + "> " + name + "=" + JSON.stringify(clip(v)) + " animates to " + d); break; }
        }
      } else if (ln === "meta" && lname === "content" && String(getAttr.call(el, "http-equiv") || "").toLowerCase() === "refresh") {
        var m = /url\s*=\s*['"]?([^'"]*)/i.exec(v);
        if (m && (d = danger(m[1], base))) out.push("<meta http-equiv=refresh> content=" + JSON.stringify(clip(v)) + " goes to " + d);
      }
    }
    if (clickable(el)) clicks.push(el);
  }

  function walk(node, out, clicks, depth) {
    for (var c = firstChild.call(node); c; c = nextSibling.call(c)) visit(c, out, clicks, depth);
  }
  function visit(n, out, clicks, depth) {
    if (nodeTypeOf.call(n) !== 1) return;
    if (depth > 4000) { out.push("DOM nested deeper than 4000 elements: not walked"); return; }
    checkElement(n, out, clicks);
    var ns = nsOf.call(n), ln = localNameOf.call(n);
    if (ns === HTML && ln === "template") walk(contentOf.call(n), out, clicks, depth + 1);
    var sr = shadowOf.call(n);
    if (sr) walk(sr, out, clicks, depth + 1);
    (closedRoots.get(n) || []).forEach(function (r) { walk(r, out, clicks, depth + 1); });
    if (ns === HTML && (ln === "iframe" || ln === "frame" || ln === "object")) {
      var doc = null;
      try { doc = (ln === "iframe" ? iframeDocOf : ln === "frame" ? frameDocOf : objectDocOf).call(n); } catch (e) {}
      if (doc) walk(doc, out, clicks, depth + 1);
    }
    walk(n, out, clicks, depth + 1);
  }

  // eqNode reports whether two nodes, with their subtrees, are the same.
  function eqAttrs(a, b) {
    var x = attrsOf.call(a), y = attrsOf.call(b), n = mapLen.call(x);
    if (n !== mapLen.call(y)) return false;
    for (var i = 0; i < n; i++) {
      var p = mapItem.call(x, i), q = mapItem.call(y, i);
      if (aName.call(p) !== aName.call(q) || aNS.call(p) !== aNS.call(q) || aValue.call(p) !== aValue.call(q)) return false;
    }
    return true;
  }
  function eqKids(a, b) {
    var x = firstChild.call(a), y = firstChild.call(b);
    for (; x && y; x = nextSibling.call(x), y = nextSibling.call(y)) if (!eqNode(x, y)) return false;
    return !x && !y;
  }
  function eqNode(a, b) {
    var t = nodeTypeOf.call(a);
    if (t !== nodeTypeOf.call(b)) return false;
    switch (t) {
    case 1:
      if (localNameOf.call(a) !== localNameOf.call(b) || nsOf.call(a) !== nsOf.call(b) || !eqAttrs(a, b)) return false;
      if (nsOf.call(a) === HTML && localNameOf.call(a) === "template" && !eqKids(contentOf.call(a), contentOf.call(b))) return false;
      var sa = shadowOf.call(a), sb = shadowOf.call(b);
      if (!sa !== !sb || (sa && !eqKids(sa, sb))) return false;
      return eqKids(a, b);
    case 3: case 4: case 8:
      return dataOf.call(a) === dataOf.call(b);
    case 7:
      return piTargetOf.call(a) === piTargetOf.call(b) && dataOf.call(a) === dataOf.call(b);
    case 10:
      return doctypeNameOf.call(a) === doctypeNameOf.call(b);
    }
    return eqKids(a, b);
  }
  function kids(node) {
    var l = [];
    for (var c = firstChild.call(node); c; c = nextSibling.call(c)) l.push(c);
    return l;
  }
  function eqList(x, y) {
    if (x.length !== y.length) return false;
    for (var i = 0; i < x.length; i++) if (!eqNode(x[i], y[i])) return false;
    return true;
  }

  await sleep(settleMS);

  var per = [], clicksPer = [], global = [], globalClicks = [], unverified = [], found = 0;
  for (var i = 0; i < outs.length; i++) { per.push([]); clicksPer.push([]); }
  var doc = document, head = headOf.call(doc), body = bodyOf.call(doc), root = docElOf.call(doc);
  if (!body || !head || !root) {
    global.push("page has no head or body");
  } else {
    walk(head, global, globalClicks, 0);
    var prefix = T + ":", region = -1, regions = {};
    var bodyKids = kids(body);
    for (var k = 0; k < bodyKids.length; k++) {
      var n = bodyKids[k], idx = -1;
      if (nodeTypeOf.call(n) === 1 && nsOf.call(n) === HTML &&
          localNameOf.call(n) === (mode === "ssr" ? "div" : "section")) {
        var tag = String(getAttr.call(n, "data-bt") || "");
        if (tag.slice(0, prefix.length) === prefix) {
          var v = Number(tag.slice(prefix.length));
          if (v >= 0 && v < outs.length && !regions[v]) idx = v;
        }
      }
      if (idx >= 0) {
        region = idx;
        regions[idx] = [];
        found++;
      } else if (mode === "inner" && region < 0 && nodeTypeOf.call(n) === 1 && localNameOf.call(n) === "script" &&
                 getAttr.call(n, "src") === harnessSrc) {
        continue; // the harness's own script element
      } else if (mode === "inner") {
        region = -1; // the innerHTML wrappers hold every node of an output
      }
      if (region >= 0) {
        regions[region].push(n);
        visit(n, per[region], clicksPer[region], 0);
      } else {
        visit(n, global, globalClicks, 0);
      }
    }
    if (mode === "inner" && found !== outs.length) {
      global.push("the harness inserted " + found + " of " + outs.length + " outputs");
    }
    if (mode === "ssr" && outs.length > 1) {
      // Each output must have parsed exactly as it parses alone: the same
      // nodes from its container to the next, the same head. An output that
      // did not is checked again on a page of its own.
      var docKids = kids(doc), rootKids = kids(root);
      var shapeOK = docKids.length === 2 && rootKids.length === 2 && rootKids[0] === head && rootKids[1] === body;
      for (var i2 = 0; i2 < outs.length; i2++) {
        var ok = shapeOK && !!regions[i2];
        if (ok) {
          var s = parse.call(new DOMParser(), '<!doctype html><html><head><meta charset="utf-8"></head><body><div data-bt="' +
                  T + ":" + i2 + '">' + outs[i2] + "</div></body></html>", "text/html");
          var sRoot = docElOf.call(s), sKids = kids(sRoot), sBody = bodyOf.call(s), sHead = headOf.call(s);
          ok = kids(s).length === 2 && sKids.length === 2 && sKids[0] === sHead && sKids[1] === sBody &&
               eqAttrs(sRoot, root) && eqNode(sHead, head) && localNameOf.call(sBody) === localNameOf.call(body) &&
               eqAttrs(sBody, body) && eqList(kids(sBody), regions[i2]);
        }
        if (!ok) unverified.push(i2);
      }
    }
  }

  // Click, output by output, with every navigation kept in this frame.
  var clicked = 0;
  async function clickAll(list) {
    for (var c = 0; c < list.length; c++) {
      var el = list[c];
      try {
        setAttr.call(el, "target", "_self");
        if (localNameOf.call(el) !== "a" && localNameOf.call(el) !== "area") setAttr.call(el, "formtarget", "_self");
        if (nsOf.call(el) === HTML) htmlClick.call(el);
        else dispatch.call(el, new MouseEvent("click", {bubbles: true, cancelable: true, composed: true, view: window}));
        clicked++;
      } catch (e) {}
      // A navigation cancels a javascript: URL still waiting to run, so
      // let each click's navigation start before the next click.
      await sleep(clickSettleMS);
    }
  }
  await clickAll(globalClicks);
  for (var i3 = 0; i3 < outs.length; i3++) await clickAll(clicksPer[i3]);
  await sleep(settleMS);
  return JSON.stringify({found: found, per: per, global: global, unverified: unverified, clicked: clicked});
})
`
