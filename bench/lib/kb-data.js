'use strict';
// Loads N published KB articles into a bench database through the Strapi document service, and
// grants the users-permissions Public role `find` (and `findOne`) on them.
//
// Parent side:  const info = await loadKbArticles(db, { count: 1000 });
// Child side:   this file run by app.runInStrapi() (createStrapi().load(), no HTTP server).
//
// Half the rows are `en`, half `zh-Hans`: count/2 documents, each with an English and a Simplified
// Chinese version (a translated KB, as the admins will build it), all published and `public`.
// Writes go through strapi.documents(uid) so the app's document-service middlewares and
// lifecycles run as in production; they are grouped `BENCH_BATCH` (default 50) documents per
// transaction, which is what makes loading fast (one commit per batch instead of several per row).
const UID = 'api::kb-article.kb-article';

/**
 * @param {object} db           from app.createDatabase()
 * @param {{ count?: number, batch?: number, seed?: number, secrets?: object }} [opts]
 * @returns {Promise<{ count: number, ms: number, meta: object, grants: string[] }>}
 */
async function loadKbArticles(db, { count = 1000, batch = Number(process.env.BENCH_BATCH || 50), seed = 42, secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { count, batch, seed }, { secrets });
}

// ---------------------------------------------------------------------------------------------
// Realistic text (deterministic: a seeded PRNG, so every run loads the same articles).

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = [
  { en: 'SD-R200 router', zh: 'SD-R200 路由器', tag: 'router', line: 'networking' },
  { en: 'SD-R900 enterprise router', zh: 'SD-R900 企业级路由器', tag: 'router', line: 'networking' },
  { en: 'SW-48 managed switch', zh: 'SW-48 网管交换机', tag: 'switch', line: 'networking' },
  { en: 'LP-5 laser printer', zh: 'LP-5 激光打印机', tag: 'printer', line: 'office' },
  { en: 'POS-3 checkout terminal', zh: 'POS-3 收银终端', tag: 'pos', line: 'retail' },
  { en: 'NAS-4 storage appliance', zh: 'NAS-4 网络存储', tag: 'nas', line: 'storage' },
  { en: 'IPX-10 VoIP phone', zh: 'IPX-10 IP 电话', tag: 'voip', line: 'telephony' },
  { en: 'PLC-7 industrial controller', zh: 'PLC-7 工业控制器', tag: 'plc', line: 'industrial' },
  { en: 'CAM-2 security camera', zh: 'CAM-2 安防摄像机', tag: 'camera', line: 'security' },
  { en: 'UPS-1500 power supply', zh: 'UPS-1500 不间断电源', tag: 'ups', line: 'power' },
];
const PROBLEMS = [
  { en: 'does not power on', zh: '无法开机', tag: 'power', cause: ['a loose power connector', 'a failed power adapter'], causeZh: ['电源接头松动', '电源适配器损坏'] },
  { en: 'drops the network connection every few minutes', zh: '每隔几分钟断开网络连接', tag: 'network', cause: ['an IP address conflict', 'an outdated firmware network driver'], causeZh: ['IP 地址冲突', '固件中的网络驱动版本过旧'] },
  { en: 'firmware update fails at 90 %', zh: '固件升级在 90% 时失败', tag: 'firmware', cause: ['too little free space on the device', 'an interrupted download'], causeZh: ['设备剩余空间不足', '下载过程被中断'] },
  { en: 'shows error code E-104', zh: '显示错误代码 E-104', tag: 'error-code', cause: ['a corrupted configuration file', 'a failed self-test of the main board'], causeZh: ['配置文件损坏', '主板自检失败'] },
  { en: 'cannot log in to the web console', zh: '无法登录网页管理界面', tag: 'login', cause: ['an expired administrator password', 'a browser that blocks the self-signed certificate'], causeZh: ['管理员密码已过期', '浏览器拦截了自签名证书'] },
  { en: 'restarts by itself under load', zh: '高负载时自动重启', tag: 'reboot', cause: ['overheating because of a blocked fan', 'an unstable power supply'], causeZh: ['风扇堵塞导致过热', '供电不稳定'] },
  { en: 'is slow after the last update', zh: '升级后运行缓慢', tag: 'performance', cause: ['a debug log level left on', 'a full log partition'], causeZh: ['调试日志级别未关闭', '日志分区已满'] },
  { en: 'loses its settings after a power cut', zh: '断电后配置丢失', tag: 'config', cause: ['a settings change that was never saved to flash', 'a worn-out backup battery'], causeZh: ['配置修改未保存到闪存', '备用电池老化'] },
  { en: 'shows the wrong time', zh: '显示的时间不正确', tag: 'time', cause: ['an unreachable NTP server', 'a wrong time zone setting'], causeZh: ['NTP 服务器无法访问', '时区设置错误'] },
  { en: 'cannot be found by the management software', zh: '管理软件无法发现设备', tag: 'discovery', cause: ['discovery blocked by the firewall', 'the device sitting in another VLAN'], causeZh: ['防火墙阻止了设备发现', '设备位于其他 VLAN'] },
];
const VERBS = ['How to fix:', 'Troubleshooting:', 'Solved:', 'Known issue:', 'Workaround:'];
const VERBS_ZH = ['解决方法：', '故障排查：', '已解决：', '已知问题：', '临时方案：'];
const STEPS = [
  ['Check that the status LED is green and note any blinking pattern.', '检查状态指示灯是否为绿色，并记录闪烁方式。'],
  ['Back up the current configuration from **System → Backup**.', '在 **系统 → 备份** 中备份当前配置。'],
  ['Download the latest firmware from the support portal and verify its checksum.', '从支持门户下载最新固件并校验其校验和。'],
  ['Disconnect all cables except power and the management port.', '除电源和管理口外，断开所有线缆。'],
  ['Restart the device and wait two minutes before reconnecting.', '重启设备，等待两分钟后再重新连接。'],
  ['Open the web console and run **Diagnostics → Self-test**.', '打开网页管理界面并运行 **诊断 → 自检**。'],
  ['Compare the settings with the values in the installation guide.', '将当前设置与安装指南中的数值进行比对。'],
  ['If the problem remains, collect the diagnostic bundle and open a ticket.', '如果问题仍然存在，请收集诊断包并提交工单。'],
];

const slugify = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The two language versions of article number `i`. */
function article(i, rand) {
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const p = PRODUCTS[i % PRODUCTS.length];
  const q = PROBLEMS[Math.floor(i / PRODUCTS.length) % PROBLEMS.length];
  const v = Math.floor(rand() * VERBS.length);
  const c = Math.floor(rand() * q.cause.length);
  const steps = [...STEPS].sort(() => rand() - 0.5).slice(0, 4 + Math.floor(rand() * 4));
  const n = String(i + 1).padStart(4, '0');
  const fw = `${1 + Math.floor(rand() * 4)}.${Math.floor(rand() * 10)}.${Math.floor(rand() * 20)}`;

  const enTitle = `${VERBS[v]} the ${p.en} ${q.en}`;
  const en = {
    title: enTitle,
    slug: `${slugify(`${p.en} ${q.en}`)}-${n}`,
    summary: `The ${p.en} ${q.en}. This is usually caused by ${q.cause[c]}; the steps below restore normal operation in about ten minutes.`,
    body: [
      `## Symptoms`,
      `The ${p.en} ${q.en}. Customers typically report it after ${pick(['a power outage', 'a firmware update', 'moving the device', 'a configuration change', 'several weeks of uptime'])}.`,
      ``,
      `## Cause`,
      `In most cases the root cause is ${q.cause[c]}. Firmware ${fw} and later log the event as \`${q.tag.toUpperCase()}-${100 + (i % 900)}\`.`,
      ``,
      `## Resolution`,
      ...steps.map((s, k) => `${k + 1}. ${s[0]}`),
      ``,
      `## Applies to`,
      `- ${p.en}, firmware ${fw} and earlier`,
      `- Product line: ${p.line}`,
      ``,
      `> Still stuck? Contact support with the serial number of the device and the diagnostic bundle.`,
    ].join('\n'),
    tags: [p.tag, q.tag, p.line],
    product_lines: [p.line],
  };
  const zhTitle = `${VERBS_ZH[v]}${p.zh}${q.zh}`;
  const zh = {
    title: zhTitle,
    slug: `${en.slug}-zh`,
    summary: `${p.zh}${q.zh}。该问题通常由${q.causeZh[c]}引起，按以下步骤操作约十分钟即可恢复正常。`,
    body: [
      `## 现象`,
      `${p.zh}${q.zh}。客户通常在${pick(['停电之后', '固件升级之后', '设备搬迁之后', '修改配置之后', '连续运行数周之后'])}报告此问题。`,
      ``,
      `## 原因`,
      `大多数情况下根本原因是${q.causeZh[c]}。固件 ${fw} 及以上版本会将该事件记录为 \`${q.tag.toUpperCase()}-${100 + (i % 900)}\`。`,
      ``,
      `## 解决步骤`,
      ...steps.map((s, k) => `${k + 1}. ${s[1]}`),
      ``,
      `## 适用范围`,
      `- ${p.zh}，固件 ${fw} 及更早版本`,
      `- 产品线：${p.line}`,
      ``,
      `> 仍未解决？请提供设备序列号和诊断包联系技术支持。`,
    ].join('\n'),
    tags: [p.tag, q.tag, p.line],
    product_lines: [p.line],
  };
  const counters = {
    helpful_count: Math.floor(rand() * 200),
    not_helpful_count: Math.floor(rand() * 30),
    view_count: Math.floor(rand() * 5000),
  };
  return { en, zh, counters, line: p.line };
}

/** Data for one locale version, shaped to whatever the kb-article schema declares. */
function shapeData(attributes, text, counters, i, locale, warnings) {
  const data = {};
  for (const [name, attr] of Object.entries(attributes)) {
    if (['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'firstPublishedAt'].includes(name)) continue;
    const value = valueFor(name, attr, text, counters, i, locale);
    if (value !== undefined) data[name] = value;
    else if (attr.required) warnings.add(`required attribute "${name}" (${attr.type}) left empty`);
  }
  return data;
}

function valueFor(name, attr, text, counters, i, locale) {
  const { type } = attr;
  if (['relation', 'media', 'component', 'dynamiczone'].includes(type)) return undefined;
  if (name in text && ['string', 'text', 'richtext', 'uid'].includes(type)) {
    const v = String(text[name]);
    return attr.maxLength ? v.slice(0, attr.maxLength) : v;
  }
  if (name === 'body' && type === 'blocks') {
    return text.body.split('\n\n').map((para) => ({ type: 'paragraph', children: [{ type: 'text', text: para }] }));
  }
  if (name === 'tags' && type === 'json') return text.tags;
  if (name === 'product_lines' && type === 'json') return text.product_lines;
  if (name in counters && ['integer', 'biginteger', 'float', 'decimal'].includes(type)) return counters[name];
  if (type === 'enumeration') {
    if (name === 'visibility') return attr.enum.includes('public') ? 'public' : attr.enum[0];
    return attr.required && attr.default === undefined ? attr.enum[0] : undefined;
  }
  if (/review_due|review_at/.test(name) && (type === 'datetime' || type === 'date')) {
    const d = new Date(Date.UTC(2027, 0, 1) + (i % 365) * 86400000);
    return type === 'date' ? d.toISOString().slice(0, 10) : d.toISOString();
  }
  if (!attr.required || attr.default !== undefined) return undefined;
  switch (type) {
    case 'string':
    case 'text':
    case 'richtext':
      return `${name} ${i}`;
    case 'uid':
      return `${name}-${i}-${locale.toLowerCase()}`;
    case 'email':
      return `kb${i}@example.test`;
    case 'integer':
    case 'biginteger':
    case 'float':
    case 'decimal':
      return 0;
    case 'boolean':
      return false;
    case 'json':
      return {};
    case 'date':
      return '2026-01-01';
    case 'datetime':
      return '2026-01-01T00:00:00.000Z';
    case 'time':
      return '09:00:00';
    case 'blocks':
      return [{ type: 'paragraph', children: [{ type: 'text', text: `${name} ${i}` }] }];
    default:
      return undefined;
  }
}

/** Grants `actions` of the Public role (idempotent); returns what it granted. */
async function grantPublic(strapi, actions) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('users-permissions Public role not found');
  const granted = [];
  for (const action of actions) {
    const existing = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
    if (!existing) {
      await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
      granted.push(action);
    }
  }
  return granted;
}

async function ensureLocale(strapi, code, name) {
  const locales = strapi.plugin('i18n').service('locales');
  if (!(await locales.findByCode(code))) await locales.create({ code, name });
}

/** The DB mapping of the content type, so a baseline can read the same rows without Strapi. */
function describe(strapi) {
  const meta = strapi.db.metadata.get(UID);
  const attributes = {};
  for (const [name, attr] of Object.entries(meta.attributes)) {
    if (attr.type === 'relation' || !attr.columnName) continue;
    attributes[name] = { column: attr.columnName, type: attr.type };
  }
  return { uid: UID, table: meta.tableName, attributes };
}

/**
 * Bulk mode (10k+ articles): the rows the document service would store — a draft and a published
 * row per document and locale, sharing one documentId — written by the query engine's createMany in
 * batches of 250 documents, without the document middlewares (no revisions, no per-row reindex);
 * the caller rebuilds the search index once afterwards. Same text as the document-service mode.
 */
async function bulkInsert(strapi, { ct, localized, documents, count, rand, warnings }) {
  const { randomBytes } = require('crypto');
  const documentId = () => randomBytes(18).toString('base64').replace(/[^a-z0-9]/gi, '').toLowerCase().padEnd(24, '0').slice(0, 24);
  const query = strapi.db.query(UID);
  let rows = 0;
  for (let start = 0; start < documents; start += 250) {
    const data = [];
    const now = new Date();
    for (let i = start; i < Math.min(start + 250, documents); i += 1) {
      const a = article(i, rand);
      const id = documentId();
      const versions = [['en', a.en]];
      if (localized && rows + 1 < count) versions.push(['zh-Hans', a.zh]);
      for (const [locale, text] of versions) {
        const fields = shapeData(ct.attributes, text, a.counters, i, locale, warnings);
        const row = { ...fields, documentId: id, createdAt: now, updatedAt: now };
        if (localized) row.locale = locale;
        data.push({ ...row, publishedAt: null }, { ...row, publishedAt: now });
        rows += 1;
      }
    }
    await query.createMany({ data });
  }
  await strapi.plugin('support-desk').service('kbIndex').rebuild();
  return rows;
}

async function childMain(strapi, { count, batch, seed, bulk = false }) {
  if (!strapi.contentTypes[UID]) throw new Error(`${UID} is not registered: the content type is missing from src/api`);
  const t0 = Date.now();
  const ct = strapi.contentType(UID);
  const localized = Boolean(ct.pluginOptions && ct.pluginOptions.i18n && ct.pluginOptions.i18n.localized);
  await ensureLocale(strapi, 'en', 'English (en)');
  if (localized) await ensureLocale(strapi, 'zh-Hans', 'Chinese (Simplified) (zh-Hans)');
  const grants = await grantPublic(strapi, [`${UID}.find`, `${UID}.findOne`]);

  const rand = prng(seed);
  const warnings = new Set();
  const docs = strapi.documents(UID);
  const documents = localized ? Math.ceil(count / 2) : count;
  let rows = 0;
  if (bulk) rows = await bulkInsert(strapi, { ct, localized, documents, count, rand, warnings });
  for (let start = 0; !bulk && start < documents; start += batch) {
    await strapi.db.transaction(async () => {
      for (let i = start; i < Math.min(start + batch, documents); i += 1) {
        const a = article(i, rand);
        const en = await docs.create({ locale: localized ? 'en' : undefined, status: 'published', data: shapeData(ct.attributes, a.en, a.counters, i, 'en', warnings) });
        rows += 1;
        if (localized && rows < count) {
          await docs.update({ documentId: en.documentId, locale: 'zh-Hans', status: 'published', data: shapeData(ct.attributes, a.zh, a.counters, i, 'zh-Hans', warnings) });
          rows += 1;
        }
      }
    });
  }
  const published = await strapi.db.query(UID).count({ where: { publishedAt: { $notNull: true } } });
  for (const w of warnings) console.error(`[kb-data] warning: ${w}`);
  return { count: rows, published, localized, ms: Date.now() - t0, grants, warnings: [...warnings], meta: describe(strapi) };
}

module.exports = { loadKbArticles, article, UID };

if (require.main === module) require('./in-strapi').runJob(childMain);
