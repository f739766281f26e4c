/**
 * Words a search query does not have to match: English and Chinese function words and the question
 * words customers wrap their problem in ("how do I …", "can't …", "怎么 …", "… 吗"). Pure.
 *
 * They are dropped from the required terms only: a query made of nothing else still searches them.
 * Negations ("not", "cannot", 不, 没有) are here too: the index has no notion of negation, and
 * "won't connect" / "cannot connect" / 连不上 are meant to meet through the synonym list.
 */
const EN = `a about above after again against all also am an and any anyone anything are aren as at be been before being
below between both but by can cannot cant could couldn did didn do does doesn doing don done during each either
else ever every few for from further get gets getting got had hadn has hasn have haven having he her here hers him his
how however i if in into is isn it its itself just let lets like ll me might mine more most must my myself need needs
no nor not now of on once only or other our ours own please re s same shall she should shouldn since so
some someone something still such t than that the their theirs them then there these they this those through to too
under until up us ve very want wants was wasn way we were weren what whats when where whether which while who whom
whose why will with won would wouldn you your yours yourself d m o y anymore keep keeps kind`;

const ZH = `的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 啦 哦 么 么样 是 是不是 是否 在 我 我的 我们 你 你们 您 他 她 它 他们 这 那 这个 那个 这些
又 那些 这样 那样 怎么 怎么办 怎么样 怎样 如何 什么 为什么 为何 咋 咋办 哪 哪里 哪个 哪些 多少 多久 几 能 能不能 能否 可以 可不可以 可否 还
还能 还是 有没有 一下 请问 请 想 想要 要 需要 该 应该 会 会不会 就 都 也 很 太 非常 和 与 及 或 或者 把 被 给 让 对 从 到 向 用 这么
那么 一个 有 没 没有 不 不能 无法 一直 总是 老是 时候 的话 如果 帮 帮忙 一 下 个 里 上`;

const EN_SET = new Set(EN.split(/\s+/).filter(Boolean));
const ZH_SET = new Set(ZH.split(/\s+/).filter(Boolean));

/** Whether a Latin word (lower case; its stem too) is a stop or question word. */
export const isEnglishStopWord = (word: string, stemmed = word) => EN_SET.has(word) || EN_SET.has(stemmed);

/** Whether a Chinese word (as the segmenter cut it) is a function or question word. */
export const isChineseStopWord = (word: string) => ZH_SET.has(word);
