import kbCache from './kb-cache';
import httpsCookies from './https-cookies';
import { bodyGuard, inputGuard } from './input-guard';
import availability from './availability';
import ops from './ops';

export default { 'kb-cache': kbCache, 'https-cookies': httpsCookies, 'input-guard': inputGuard, 'body-guard': bodyGuard, availability, ops };
