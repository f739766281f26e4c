/*
 * Public satisfaction-survey page (the invitation's link: /survey?token=… or /survey/#token=…), over
 * POST /api/support-desk/surveys/lookup and /answer. The token is read once and removed from the
 * address bar; it travels only in request bodies. No innerHTML: every text is a text node.
 */
(function () {
  'use strict';
  var API = '/api/support-desk/surveys';
  var T = {
    en: {
      brand: 'Support Desk', title: 'How did we do?', ratingQ: 'How satisfied are you with how we handled your request?',
      commentLabel: 'Anything you want to tell us? (optional)', submit: 'Send', sending: 'Sending…', loading: 'Loading…',
      ticket: function (n, s) { return 'Request ' + n + (s ? ' — ' + s : ''); },
      ratings: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
      pickRating: 'Please choose a rating from 1 to 5.',
      thanksTitle: 'Thank you!', thanks: function (r) { return 'We received your rating (' + r + '/5). Your feedback helps us improve.'; },
      missingTitle: 'Link incomplete', missing: 'This page needs the link from your e-mail. Please open the link in the survey e-mail again.',
      unknownTitle: 'Link not valid', unknown: 'This survey link is not valid. Please use the link from your e-mail, or contact our support team.',
      usedTitle: 'Already answered', used: 'This survey has already been answered. Thank you for your feedback!',
      expiredTitle: 'Link expired', expired: 'This survey link has expired. If you want to tell us something, please contact our support team.',
      tooMany: 'Too many answers from your network; please try again later.', error: 'Something went wrong. Please try again.',
    },
    'zh-Hans': {
      brand: '技术支持中心', title: '请评价我们的服务', ratingQ: '您对本次服务的满意程度如何？',
      commentLabel: '还有什么想告诉我们的吗？（选填）', submit: '提交', sending: '提交中…', loading: '加载中…',
      ticket: function (n, s) { return '工单 ' + n + (s ? '（' + s + '）' : ''); },
      ratings: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
      pickRating: '请选择 1 到 5 分的评分。',
      thanksTitle: '感谢您的评价！', thanks: function (r) { return '我们已收到您的评分（' + r + '/5）。您的意见将帮助我们改进服务。'; },
      missingTitle: '链接不完整', missing: '请通过满意度调查邮件中的链接打开本页面。',
      unknownTitle: '链接无效', unknown: '该调查链接无效。请使用邮件中的链接，或联系我们的支持团队。',
      usedTitle: '已评价', used: '该调查已经提交过评价，感谢您的反馈！',
      expiredTitle: '链接已过期', expired: '该调查链接已过期。如有意见，请联系我们的支持团队。',
      tooMany: '您所在网络提交过于频繁，请稍后再试。', error: '出错了，请重试。',
    },
  };
  var $ = function (id) { return document.getElementById(id); };
  var token = readToken();
  var locale = initialLocale();
  var view = null; // { kind: 'form' | 'message', ... }

  function readToken() {
    var m = /[?&#]token=([^&#]+)/.exec(location.search + location.hash);
    if (m) {
      try { history.replaceState(null, '', location.pathname + (/[?&]lang=zh/.test(location.search) ? '?lang=zh-Hans' : '')); } catch (e) { /* old browsers */ }
      return decodeURIComponent(m[1]);
    }
    return null;
  }
  function initialLocale() {
    var q = /[?&]lang=([^&]+)/.exec(location.search);
    if (q && T[decodeURIComponent(q[1])]) return decodeURIComponent(q[1]);
    return /^zh/i.test(navigator.language || '') ? 'zh-Hans' : 'en';
  }
  function t(key) { return T[locale][key]; }
  function text(node, value) { while (node.firstChild) node.removeChild(node.firstChild); node.appendChild(document.createTextNode(value)); }

  function applyLocale() {
    document.documentElement.lang = locale;
    document.title = t('title') + ' · ' + t('brand');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) { text(n, t(n.getAttribute('data-i18n'))); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-locale]'), function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-locale') === locale)); });
    buildStars();
    render();
  }

  function buildStars() {
    var stars = $('stars');
    var checked = document.querySelector('input[name=rating]:checked');
    var value = checked ? checked.value : null;
    while (stars.firstChild) stars.removeChild(stars.firstChild);
    t('ratings').forEach(function (label, i) {
      var input = document.createElement('input');
      input.type = 'radio'; input.name = 'rating'; input.value = String(i + 1); input.id = 'rating-' + (i + 1);
      if (value === input.value) input.checked = true;
      var l = document.createElement('label');
      l.setAttribute('for', input.id);
      l.appendChild(input);
      l.appendChild(document.createTextNode((i + 1) + ' · ' + label));
      stars.appendChild(l);
    });
  }

  function message(kind, extra) { view = { kind: 'message', message: kind, extra: extra }; render(); }
  function render() {
    if (!view) { text($('status'), t('loading')); return; }
    var status = $('status');
    status.className = 'status';
    if (view.kind === 'form') {
      $('form').hidden = false;
      text(status, '');
      text($('ticket'), t('ticket')(view.ticket.number, view.ticket.subject));
      return;
    }
    $('form').hidden = true;
    var titles = { missing: 'missingTitle', unknown: 'unknownTitle', used: 'usedTitle', expired: 'expiredTitle', thanks: 'thanksTitle', error: 'title' };
    text($('title'), t(titles[view.message]));
    var body = view.message === 'thanks' ? t('thanks')(view.extra) : t(view.message);
    if (view.message !== 'thanks') status.className = 'status bad';
    text(status, body);
  }
  var BY_STATUS = { 404: 'unknown', 409: 'used', 410: 'expired' };

  function post(path, body) {
    return fetch(API + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, json: json }; });
    });
  }

  /** The survey's language (from the server) wins over the browser's, unless the link names one. */
  function adoptLocale(l) {
    if (!/[?&]lang=/.test(location.search) && l && T[l] && l !== locale) { locale = l; applyLocale(); }
  }

  function load() {
    if (!token) return message('missing');
    post('/lookup', { token: token }).then(function (r) {
      var ok = r.status === 200;
      adoptLocale(ok ? r.json.data.locale : r.json && r.json.error && r.json.error.details && r.json.error.details.locale);
      if (ok) { view = { kind: 'form', ticket: r.json.data.ticket }; render(); } else message(BY_STATUS[r.status] || 'error');
    }, function () { message('error'); });
  }

  $('stars').addEventListener('change', function () { text($('error'), ''); });
  $('form').addEventListener('submit', function (e) {
    e.preventDefault();
    var checked = document.querySelector('input[name=rating]:checked');
    if (!checked) { text($('error'), t('pickRating')); return; }
    text($('error'), '');
    var button = $('submit');
    button.disabled = true;
    text(button, t('sending'));
    var comment = $('comment').value.trim();
    post('/answer', { token: token, rating: Number(checked.value), comment: comment || null }).then(function (r) {
      button.disabled = false;
      text(button, t('submit'));
      if (r.status === 200) return message('thanks', r.json.data.rating);
      if (BY_STATUS[r.status]) return message(BY_STATUS[r.status]);
      text($('error'), r.status === 429 ? t('tooMany') : r.status === 400 && r.json.error ? r.json.error.message : t('error'));
    }, function () { button.disabled = false; text(button, t('submit')); text($('error'), t('error')); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-locale]'), function (b) {
    b.addEventListener('click', function () { locale = b.getAttribute('data-locale'); applyLocale(); });
  });
  applyLocale();
  load();
})();
