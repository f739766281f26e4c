import kbCache from './kb-cache';

export default { 'kb-cache': kbCache };
