/** The demo data set: a support department for network, storage and camera products in China. */

export const PRODUCT_LINES = ['Network Switches', 'Storage Arrays', 'Surveillance Cameras'] as const;
export const REGIONS = ['East China', 'North China', 'South China'] as const;

export const CALENDARS = [
  {
    name: 'China business hours',
    timezone: 'Asia/Shanghai',
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    intervals: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    // Make-up workdays of the 2026/2027 holiday schedule, worked with Monday's hours.
    extraWorkingDays: [
      { date: '2026-02-14', name: 'Spring Festival make-up workday' },
      { date: '2026-09-20', name: 'National Day make-up workday' },
    ],
    holidayCountry: 'CN',
    holidayYears: [2026, 2027],
  },
] as const;

export const CONTRACTS = [
  {
    name: 'Standard Support (CN business hours)',
    code: 'STD',
    calendar: 'China business hours',
    is_default: true,
    onsite_included: false,
    warn_at_percent: 75,
    targets: [
      { priority: 'P1', first_response_minutes: 30, resolution_minutes: 480 },
      { priority: 'P2', first_response_minutes: 60, resolution_minutes: 960 },
      { priority: 'P3', first_response_minutes: 240, resolution_minutes: 2400 },
      { priority: 'P4', first_response_minutes: 480, resolution_minutes: 4800 },
    ],
  },
  {
    name: 'Premium 24x7',
    code: 'PREM',
    calendar: null,
    is_default: false,
    onsite_included: true,
    warn_at_percent: 80,
    targets: [
      { priority: 'P1', first_response_minutes: 15, resolution_minutes: 240 },
      { priority: 'P2', first_response_minutes: 30, resolution_minutes: 480 },
      { priority: 'P3', first_response_minutes: 120, resolution_minutes: 1440 },
      { priority: 'P4', first_response_minutes: 240, resolution_minutes: 2880 },
    ],
  },
] as const;

export const ORGANIZATIONS = [
  { code: 'SH-METRO', name: '上海地铁运营有限公司', region: 'East China', industry: 'Transport', contract: 'PREM', city: 'Shanghai' },
  { code: 'HZ-BANK', name: '杭州联合银行', region: 'East China', industry: 'Banking', contract: 'PREM', city: 'Hangzhou' },
  { code: 'BJ-HOSP', name: '北京协和医疗集团', region: 'North China', industry: 'Healthcare', contract: 'STD', city: 'Beijing' },
  { code: 'TJ-PORT', name: 'Tianjin Port Logistics', region: 'North China', industry: 'Logistics', contract: 'STD', city: 'Tianjin' },
  { code: 'GZ-EDU', name: '广州市教育局信息中心', region: 'South China', industry: 'Education', contract: 'STD', city: 'Guangzhou' },
  { code: 'SZ-FAB', name: 'Shenzhen Precision Manufacturing', region: 'South China', industry: 'Manufacturing', contract: 'STD', city: 'Shenzhen' },
  { code: 'NJ-GOV', name: '南京市政务数据局', region: 'East China', industry: 'Government', contract: 'STD', city: 'Nanjing' },
  { code: 'XM-HOTEL', name: 'Xiamen Seaview Hotels', region: 'South China', industry: 'Hospitality', contract: null, city: 'Xiamen' },
] as const;

/** Contacts per organization (users-permissions users with the Customer role). */
export const CONTACT_NAMES = [
  ['Li Wei', 'Zhang Min'],
  ['Wang Fang', 'Chen Jie', 'Liu Yang'],
  ['Zhao Lei', 'Sun Li'],
  ['Zhou Tao', 'Wu Xia'],
  ['Xu Jing', 'Hu Bin'],
  ['Guo Qiang', 'He Lin'],
  ['Ma Hui', 'Luo Yan'],
  ['Lin Hai', 'Song Yu'],
] as const;

export const MODELS = [
  { model: 'SW-9300-48P', product_line: 'Network Switches' },
  { model: 'SW-5200-24T', product_line: 'Network Switches' },
  { model: 'ST-7000 Dual Controller', product_line: 'Storage Arrays' },
  { model: 'ST-3000 NAS', product_line: 'Storage Arrays' },
  { model: 'CAM-IPX-4K Dome', product_line: 'Surveillance Cameras' },
  { model: 'CAM-NVR-64', product_line: 'Surveillance Cameras' },
] as const;

export const GROUPS = [
  { code: 'NET-EAST', name: 'Network · East China', product_line: 'Network Switches', region: 'East China' },
  { code: 'NET-NORTH', name: 'Network · North China', product_line: 'Network Switches', region: 'North China' },
  { code: 'STO-ALL', name: 'Storage · all regions', product_line: 'Storage Arrays', region: null },
  { code: 'CAM-SOUTH', name: 'Cameras · South China', product_line: 'Surveillance Cameras', region: 'South China' },
  { code: 'TIER1', name: 'Tier 1 service desk (fallback)', product_line: null, region: null, is_fallback: true },
] as const;

/** Admin users who work tickets. `groups` are group codes; the first group's lead is marked `lead`. */
export const AGENTS = [
  { first: 'Chen', last: 'Hao', email: 'chen.hao@support-desk.local', role: 'supervisor', skills: ['network', 'storage', 'management'], groups: ['TIER1', 'NET-EAST'], lead: ['TIER1'], department: 'support' },
  { first: 'Lin', last: 'Xiaoyu', email: 'lin.xiaoyu@support-desk.local', role: 'agent', skills: ['network', 'routing', 'switching'], groups: ['NET-EAST'], lead: ['NET-EAST'], department: 'support' },
  { first: 'Wang', last: 'Jun', email: 'wang.jun@support-desk.local', role: 'agent', skills: ['network', 'switching', 'onsite'], groups: ['NET-NORTH', 'NET-EAST'], lead: ['NET-NORTH'], department: 'support' },
  { first: 'Zhang', last: 'Lu', email: 'zhang.lu@support-desk.local', role: 'agent', skills: ['storage', 'raid', 'firmware'], groups: ['STO-ALL'], lead: ['STO-ALL'], department: 'support' },
  { first: 'Huang', last: 'Pei', email: 'huang.pei@support-desk.local', role: 'agent', skills: ['cameras', 'video', 'onsite'], groups: ['CAM-SOUTH', 'TIER1'], lead: ['CAM-SOUTH'], department: 'support' },
  { first: 'Deng', last: 'Rui', email: 'deng.rui@support-desk.local', role: 'agent', skills: ['storage', 'network', 'cameras'], groups: ['TIER1', 'STO-ALL'], lead: [], department: 'support', available: false },
  { first: 'Qian', last: 'Bo', email: 'qian.bo@support-desk.local', role: 'agent', skills: ['firmware', 'rd'], groups: [], lead: [], department: 'rd', is_department_contact: true },
  { first: 'Yang', last: 'Mei', email: 'yang.mei@support-desk.local', role: 'agent', skills: ['sales'], groups: [], lead: [], department: 'sales', is_department_contact: true },
] as const;

export const FAULT_CATEGORIES = [
  { code: 'HW', name: 'Hardware', parent: null },
  { code: 'HW-PSU', name: 'Power supply', parent: 'HW' },
  { code: 'HW-DISK', name: 'Disk / media', parent: 'HW' },
  { code: 'HW-FAN', name: 'Fan / thermal', parent: 'HW' },
  { code: 'HW-PORT', name: 'Port / optics', parent: 'HW' },
  { code: 'SW', name: 'Software', parent: null },
  { code: 'SW-FW', name: 'Firmware defect', parent: 'SW' },
  { code: 'SW-CFG', name: 'Configuration', parent: 'SW' },
  { code: 'SW-LIC', name: 'Licensing', parent: 'SW' },
  { code: 'NET', name: 'Network environment', parent: null },
  { code: 'NET-LINK', name: 'Link / cabling', parent: 'NET' },
  { code: 'OPS', name: 'Operation / usage', parent: null },
] as const;

export const PARTS = [
  { sku: 'PSU-650W-AC', name: '650 W AC power supply', models: ['SW-9300-48P'], on_hand: 24, reorder_point: 6, reorder_quantity: 12, max_stock: 40, location: 'SH-A-01', unit_cost: 860 },
  { sku: 'PSU-350W-AC', name: '350 W AC power supply', models: ['SW-5200-24T'], on_hand: 15, reorder_point: 5, reorder_quantity: 10, max_stock: 30, location: 'SH-A-02', unit_cost: 420 },
  { sku: 'FAN-TRAY-9300', name: 'Fan tray for SW-9300', models: ['SW-9300-48P'], on_hand: 8, reorder_point: 4, reorder_quantity: 8, max_stock: 20, location: 'SH-A-03', unit_cost: 310 },
  { sku: 'SFP-10G-SR', name: '10G SFP+ SR optic', models: ['SW-9300-48P', 'SW-5200-24T'], on_hand: 120, reorder_point: 30, reorder_quantity: 60, max_stock: 200, location: 'SH-B-01', unit_cost: 95 },
  { sku: 'SFP-10G-LR', name: '10G SFP+ LR optic', models: ['SW-9300-48P'], on_hand: 3, reorder_point: 10, reorder_quantity: 20, max_stock: 60, location: 'SH-B-02', unit_cost: 260 },
  { sku: 'HDD-8T-SAS', name: '8 TB SAS disk', models: ['ST-7000 Dual Controller'], on_hand: 40, reorder_point: 12, reorder_quantity: 24, max_stock: 80, location: 'BJ-C-01', unit_cost: 1450 },
  { sku: 'SSD-1T-NVME', name: '1.92 TB NVMe cache SSD', models: ['ST-7000 Dual Controller'], on_hand: 10, reorder_point: 4, reorder_quantity: 8, max_stock: 24, location: 'BJ-C-02', unit_cost: 2300 },
  { sku: 'CTRL-ST7000', name: 'ST-7000 controller module', models: ['ST-7000 Dual Controller'], on_hand: 2, reorder_point: 1, reorder_quantity: 2, max_stock: 4, location: 'BJ-C-03', unit_cost: 18800 },
  { sku: 'HDD-4T-SATA', name: '4 TB SATA disk', models: ['ST-3000 NAS', 'CAM-NVR-64'], on_hand: 60, reorder_point: 20, reorder_quantity: 40, max_stock: 120, location: 'GZ-D-01', unit_cost: 520 },
  { sku: 'CAM-LENS-4MM', name: '4 mm lens module', models: ['CAM-IPX-4K Dome'], on_hand: 30, reorder_point: 10, reorder_quantity: 20, max_stock: 60, location: 'GZ-D-02', unit_cost: 180 },
  { sku: 'CAM-POE-INJ', name: 'PoE+ injector', models: ['CAM-IPX-4K Dome'], on_hand: 45, reorder_point: 15, reorder_quantity: 30, max_stock: 90, location: 'GZ-D-03', unit_cost: 75 },
  { sku: 'NVR-MAINBOARD', name: 'NVR-64 main board', models: ['CAM-NVR-64'], on_hand: 4, reorder_point: 2, reorder_quantity: 4, max_stock: 8, location: 'GZ-D-04', unit_cost: 3200 },
  { sku: 'CABLE-CAT6-3M', name: 'Cat6 patch cable 3 m', models: [], on_hand: 500, reorder_point: 100, reorder_quantity: 300, max_stock: 1000, location: 'SH-E-01', unit_cost: 8 },
  { sku: 'BATT-RTC', name: 'RTC battery CR2032', models: ['SW-5200-24T', 'CAM-NVR-64'], on_hand: 200, reorder_point: 50, reorder_quantity: 100, max_stock: 400, location: 'SH-E-02', unit_cost: 3 },
] as const;

export const TRAININGS = [
  { code: 'TR-NET-101', title: 'SW-9300 installation and first configuration', audience: 'customer', product_line: 'Network Switches', skills: ['switching'], hours: 6 },
  { code: 'TR-STO-201', title: 'ST-7000 RAID recovery for engineers', audience: 'staff', product_line: 'Storage Arrays', skills: ['storage', 'raid'], hours: 12 },
  { code: 'TR-CAM-110', title: 'Camera system operation for security staff', audience: 'customer', product_line: 'Surveillance Cameras', skills: ['cameras'], hours: 4 },
  { code: 'TR-SVC-001', title: 'Service etiquette and SLA handling', audience: 'staff', product_line: null, skills: ['service'], hours: 3 },
] as const;
