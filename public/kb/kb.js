/*
 * Public knowledge-base portal: a static page over the public REST API (/api/support-desk/kb).
 * Routes (hash): #/ (categories + latest), #/c/<slug> (category), #/a/<slug> (article), #/s/<query> (search).
 * Safety: no innerHTML anywhere. Article bodies (markdown written by editors) are rendered by building
 * DOM nodes with textContent; search highlights (server-escaped text with <mark>) are split into text
 * nodes and <mark> elements. A stored <script> is therefore shown as text and never runs.
 */
(function () {
  'use strict';
  var API = '/api/support-desk/kb';
  var T = {
    en: { brand: 'Knowledge base', searchLabel: 'Search the knowledge base', searchPlaceholder: 'Search articles…', footer: 'Did not find an answer? Open a ticket with our support team.', latest: 'Latest articles', categories: 'Categories', all: 'All', results: function (n, q, more) { return n + (more ? '+' : '') + (n === 1 && !more ? ' result' : ' results') + ' for “' + q + '”'; }, none: function (q) { return 'No articles match “' + q + '”.'; }, loading: 'Loading…', back: '← Back', helpfulQ: 'Was this article helpful?', yes: 'Yes', no: 'No', thanks: 'Thank you for your feedback.', tooMany: 'Too many votes; please try again later.', error: 'Something went wrong. Please try again.', notFound: 'This article does not exist or is no longer published.', fallback: 'This article is not available in your language yet; showing the English version.', updated: 'Updated', inLocale: function (l) { return l === 'zh-Hans' ? 'Results in Chinese (中文)' : 'Results in English'; }, otherLocale: function (q, l) { return 'No articles in English match “' + q + '”. ' + (l === 'zh-Hans' ? 'Articles in Chinese (中文):' : 'Articles in another language:'); }, partial: 'Matching some of your words:', corrected: function (n, c, q, more) { return n + (more ? '+' : '') + (n === 1 && !more ? ' result' : ' results') + ' for “' + c + '” (you typed “' + q + '”)'; }, helpfulCount: function (n) { return n + ' found this helpful'; } },
    'zh-Hans': { brand: '知识库', searchLabel: '搜索知识库', searchPlaceholder: '搜索文章…', footer: '没有找到答案？请向支持团队提交工单。', latest: '最新文章', categories: '分类', all: '全部', results: function (n, q, more) { return '“' + q + '”共 ' + n + (more ? '+' : '') + ' 条结果'; }, none: function (q) { return '没有与“' + q + '”匹配的文章。'; }, loading: '加载中…', back: '← 返回', helpfulQ: '这篇文章对您有帮助吗？', yes: '有帮助', no: '没帮助', thanks: '感谢您的反馈。', tooMany: '投票过于频繁，请稍后再试。', error: '出错了，请重试。', notFound: '该文章不存在或已下线。', fallback: '该文章暂无中文版本，以下为英文版本。', updated: '更新于', inLocale: function (l) { return l === 'en' ? '英文结果（English）' : '中文结果'; }, otherLocale: function (q, l) { return '没有与“' + q + '”匹配的中文文章。' + (l === 'en' ? '英文文章（English）：' : '其他语言的文章：'); }, partial: '部分匹配的文章：', corrected: function (n, c, q, more) { return '已为您搜索“' + c + '”（您输入的是“' + q + '”），共 ' + n + (more ? '+' : '') + ' 条结果'; }, helpfulCount: function (n) { return n + ' 人认为有帮助'; } },
  };
  var locale = initialLocale();
  var $ = function (id) { return document.getElementById(id); };
  var results = $('results');
  var articleEl = $('article');
  var status = $('status');
  var input = $('q');
  var searchTimer = null;
  var inflight = null;
  /* An input method (pinyin …) is composing: its intermediate text ("m", "mi", "mi m") is not searched. */
  var composing = false;
  var DEBOUNCE_MS = 250;

  function initialLocale() {
    var saved = null;
    try { saved = localStorage.getItem('kb.locale'); } catch (e) { /* private mode */ }
    if (saved === 'en' || saved === 'zh-Hans') return saved;
    return /^zh/i.test(navigator.language || '') ? 'zh-Hans' : 'en';
  }
  function t(key) { return T[locale][key]; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] != null) node.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* "a &lt;b&gt; <mark>c</mark>" → text nodes and <mark> elements, entities decoded, nothing else interpreted. */
  function decode(s) { return s.replace(/&(amp|lt|gt|quot|#39);/g, function (_, e) { return { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[e]; }); }
  function highlighted(html) {
    var frag = document.createDocumentFragment();
    html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      if (m) frag.appendChild(el('mark', null, [decode(m[1])]));
      else if (part) frag.appendChild(document.createTextNode(decode(part)));
    });
    return frag;
  }

  /* Inline markdown: `code`, **bold**, *em*, [label](http(s)://…) — built as nodes. */
  function inline(text) {
    var frag = document.createDocumentFragment();
    var re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
    var last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] != null) frag.appendChild(el('code', null, [m[1]]));
      else if (m[2] != null) frag.appendChild(el('strong', null, [m[2]]));
      else if (m[3] != null) frag.appendChild(el('em', null, [m[3]]));
      else if (/^https?:\/\//i.test(m[5])) frag.appendChild(el('a', { href: m[5], rel: 'noopener noreferrer nofollow' }, [m[4]]));
      else frag.appendChild(document.createTextNode(m[4]));
      last = re.lastIndex;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  /* Block markdown: headings, lists, quotes, code fences, paragraphs. */
  function renderMarkdown(md) {
    var frag = document.createDocumentFragment();
    var lines = String(md || '').replace(/\r\n?/g, '\n').split('\n');
    var i = 0, list = null, para = [];
    function flushPara() { if (para.length) { var p = el('p'); p.appendChild(inline(para.join(' '))); frag.appendChild(p); para = []; } }
    function flushList() { if (list) { frag.appendChild(list); list = null; } }
    while (i < lines.length) {
      var line = lines[i];
      var m;
      if (/^```/.test(line)) {
        flushPara(); flushList();
        var code = [];
        i += 1;
        while (i < lines.length && !/^```/.test(lines[i])) { code.push(lines[i]); i += 1; }
        frag.appendChild(el('pre', null, [el('code', null, [code.join('\n')])]));
      } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        flushPara(); flushList();
        var h = el('h' + Math.min(6, m[1].length + 1)); h.appendChild(inline(m[2])); frag.appendChild(h);
      } else if ((m = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line))) {
        flushPara();
        var tag = m[1] ? 'ol' : 'ul';
        if (!list || list.tagName.toLowerCase() !== tag) { flushList(); list = el(tag); }
        var li = el('li'); li.appendChild(inline(m[2])); list.appendChild(li);
      } else if ((m = /^>\s?(.*)$/.exec(line))) {
        flushPara(); flushList();
        var q = el('blockquote'); q.appendChild(inline(m[1])); frag.appendChild(q);
      } else if (!line.trim()) {
        flushPara(); flushList();
      } else {
        flushList(); para.push(line.trim());
      }
      i += 1;
    }
    flushPara(); flushList();
    return frag;
  }

  function api(path, options) {
    var sep = path.indexOf('?') >= 0 ? '&' : '?';
    var url = API + path + (options && options.method || /[?&]locale=/.test(path) ? '' : sep + 'locale=' + encodeURIComponent(locale));
    return fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options || {})).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { status: res.status, body: body }; });
    });
  }

  function applyLocale() {
    document.documentElement.lang = locale;
    document.querySelectorAll('[data-i18n]').forEach(function (n) { n.textContent = t(n.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (n) { n.setAttribute('placeholder', t(n.getAttribute('data-i18n-placeholder'))); });
    document.querySelectorAll('[data-locale]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-locale') === locale)); });
    document.title = t('brand') + ' · Support Desk';
  }

  function showList(items, heading, useHighlight) {
    articleEl.hidden = true;
    results.hidden = false;
    clear(results);
    if (heading) results.appendChild(el('h2', null, [heading]));
    var ul = el('ul', { class: 'list' });
    items.forEach(function (a) {
      var link = el('a', { href: '#/a/' + encodeURIComponent(a.slug) + (a.locale && a.locale !== locale ? '?locale=' + encodeURIComponent(a.locale) : ''), 'data-document-id': a.documentId, lang: a.locale || null });
      if (useHighlight && a.highlight) link.appendChild(highlighted(a.highlight.title)); else link.textContent = a.title;
      var p = el('p');
      if (useHighlight && a.highlight) p.appendChild(highlighted(a.highlight.snippet)); else p.textContent = a.summary || '';
      ul.appendChild(el('li', { 'data-match': a.match || null }, [link, p]));
    });
    results.appendChild(ul);
  }

  function home(categorySlug) {
    status.textContent = t('loading');
    Promise.all([api('/categories'), api('/articles?pageSize=20' + (categorySlug ? '&category=' + encodeURIComponent(categorySlug) : ''))]).then(function (r) {
      var cats = r[0].body.data || [];
      var arts = r[1].body.data || [];
      status.textContent = '';
      var current = cats.filter(function (c) { return c.slug === categorySlug; })[0];
      showList(arts, current ? current.name : t('latest'), false);
      var nav = el('nav', { 'aria-label': t('categories') });
      var ul = el('ul', { class: 'cats' });
      ul.appendChild(el('li', null, [el('a', { href: '#/', 'aria-current': String(!categorySlug) }, [t('all')])]));
      cats.forEach(function (c) { ul.appendChild(el('li', null, [el('a', { href: '#/c/' + encodeURIComponent(c.slug), 'aria-current': String(c.slug === categorySlug) }, [c.name + ' (' + c.articleCount + ')'])])); });
      nav.appendChild(ul);
      results.insertBefore(nav, results.firstChild);
    }, function () { status.textContent = t('error'); });
  }

  /*
   * Search without a locale: the server picks zh-Hans for Chinese text, else our language (sent as
   * Accept-Language), and says which in meta.locale. When that language has nothing, the other
   * language is asked and its results are offered under a heading that says so.
   */
  function searchRequest(q, searchLocale, signal) {
    var url = API + '/search?pageSize=20&q=' + encodeURIComponent(q) + (searchLocale ? '&locale=' + encodeURIComponent(searchLocale) : '');
    return fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': locale }, signal: signal }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { status: res.status, body: body }; });
    });
  }

  function showResults(items, q, heading) {
    showList(items, heading, true);
    var firstPartial = results.querySelector('li[data-match="partial"]');
    if (firstPartial) firstPartial.parentNode.insertBefore(el('li', { class: 'partial-note', role: 'presentation' }, [t('partial')]), firstPartial);
  }

  function search(q) {
    if (inflight) inflight.abort();
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    inflight = ctrl;
    var signal = ctrl ? ctrl.signal : undefined;
    var current = function () { return inflight === ctrl && !composing; };
    searchRequest(q, null, signal).then(function (r) {
      if (!current()) return;
      if (r.status !== 200) { status.textContent = (r.body.error && r.body.error.message) || t('error'); return; }
      var items = r.body.data;
      var used = r.body.meta.locale;
      if (items.length) {
        var p = r.body.meta.pagination;
        // A word no article holds was taken for a typo: say what was searched instead.
        status.textContent = r.body.meta.corrected ? T[locale].corrected(p.total, r.body.meta.corrected.q, q, p.totalCapped) : T[locale].results(p.total, q, p.totalCapped);
        showResults(items, q, used !== locale ? T[locale].inLocale(used) : null);
        return;
      }
      var other = used === 'en' ? 'zh-Hans' : 'en';
      return searchRequest(q, other, signal).then(function (o) {
        if (!current()) return;
        var found = o.status === 200 ? o.body.data : [];
        if (!found.length) { status.textContent = T[locale].none(q); showList([], null, true); return; }
        // Corrected there (a typo): name the words that were searched.
        status.textContent = T[locale].otherLocale(o.body.meta.corrected ? o.body.meta.corrected.q : q, other);
        showResults(found, q, null);
      });
    }).catch(function (err) { if (!err || err.name !== 'AbortError') status.textContent = t('error'); });
  }

  /* articleLocale: a search result in the other language opens in that language. */
  function article(slug, articleLocale) {
    status.textContent = t('loading');
    api('/articles/' + encodeURIComponent(slug) + (articleLocale ? '?locale=' + encodeURIComponent(articleLocale) : '')).then(function (r) {
      if (r.status !== 200) { status.textContent = r.status === 404 ? t('notFound') : t('error'); results.hidden = true; articleEl.hidden = true; return; }
      var a = r.body.data;
      status.textContent = r.body.meta.fallback ? t('fallback') : '';
      results.hidden = true;
      clear(articleEl);
      articleEl.hidden = false;
      articleEl.setAttribute('lang', a.locale);
      articleEl.appendChild(el('a', { href: '#/', class: 'back' }, [t('back')]));
      articleEl.appendChild(el('h1', null, [a.title]));
      articleEl.appendChild(el('p', { class: 'meta' }, [(a.category ? a.category.name + ' · ' : '') + t('updated') + ' ' + new Date(a.updatedAt).toLocaleDateString(locale)]));
      if (a.summary) articleEl.appendChild(el('p', { class: 'summary' }, [a.summary]));
      var body = el('div', { class: 'body' });
      body.appendChild(renderMarkdown(a.body));
      articleEl.appendChild(body);
      articleEl.appendChild(feedbackBox(a));
      document.title = a.title + ' · ' + t('brand');
    }, function () { status.textContent = t('error'); });
  }

  function feedbackBox(a) {
    var box = el('section', { class: 'feedback', 'aria-labelledby': 'fb-q' });
    var q = el('p', { id: 'fb-q' }, [t('helpfulQ')]);
    var out = el('p', { role: 'status', 'aria-live': 'polite', class: 'fb-status' }, [T[locale].helpfulCount(a.helpful_count)]);
    var yes = el('button', { type: 'button', 'data-helpful': 'true' }, [t('yes')]);
    var no = el('button', { type: 'button', 'data-helpful': 'false' }, [t('no')]);
    function vote(helpful) {
      yes.disabled = no.disabled = true;
      fetch(API + '/articles/' + encodeURIComponent(a.documentId) + '/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ helpful: helpful }) })
        .then(function (res) { return res.json().then(function (b) { return { status: res.status, body: b }; }); })
        .then(function (r) {
          if (r.status === 200) out.textContent = t('thanks') + ' ' + T[locale].helpfulCount(r.body.data.helpful_count);
          else out.textContent = r.status === 429 ? t('tooMany') : t('error');
        }, function () { out.textContent = t('error'); });
    }
    yes.addEventListener('click', function () { vote(true); });
    no.addEventListener('click', function () { vote(false); });
    box.appendChild(q); box.appendChild(yes); box.appendChild(no); box.appendChild(out);
    return box;
  }

  function route() {
    var h = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    var m;
    if ((m = /^a\/([^?]+)(?:\?locale=(en|zh-Hans))?$/.exec(h))) return article(m[1], m[2]);
    if ((m = /^s\/(.+)$/.exec(h))) { if (input.value !== m[1]) input.value = m[1]; return search(m[1]); }
    if ((m = /^c\/(.+)$/.exec(h))) return home(m[1]);
    return home(null);
  }

  /* Debounced: one search once typing pauses, never while an input method is still composing. */
  function scheduleSearch() {
    clearTimeout(searchTimer);
    if (composing) return;
    var q = input.value.trim();
    searchTimer = setTimeout(function () {
      if (composing) return;
      var target = q ? '#/s/' + encodeURIComponent(q) : '#/';
      if (location.hash !== target) location.hash = target; else route();
    }, DEBOUNCE_MS);
  }
  input.addEventListener('compositionstart', function () {
    composing = true;
    clearTimeout(searchTimer);
    if (inflight) { inflight.abort(); inflight = null; }
  });
  input.addEventListener('compositionend', function () {
    composing = false;
    scheduleSearch();
  });
  input.addEventListener('input', function (e) {
    if (e.isComposing || composing) return;
    scheduleSearch();
  });
  document.querySelectorAll('[data-locale]').forEach(function (b) {
    b.addEventListener('click', function () {
      locale = b.getAttribute('data-locale');
      try { localStorage.setItem('kb.locale', locale); } catch (e) { /* ignore */ }
      applyLocale();
      route();
    });
  });
  window.addEventListener('hashchange', route);
  applyLocale();
  route();
})();
