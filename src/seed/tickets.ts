/** Demo tickets: every state, several channels, types and priorities. */

type Level = 'low' | 'medium' | 'high';
export type DemoState = 'new' | 'triaged' | 'in_progress' | 'awaiting_customer' | 'solution_proposed' | 'resolved' | 'closed' | 'cancelled';

export interface DemoTicket {
  subject: string;
  description: string;
  org: string;
  /** Index into the organization's assets (see seed: three per organization). */
  asset: number;
  channel: 'phone' | 'email' | 'web' | 'portal' | 'api' | 'onsite';
  type: 'fault' | 'consultation' | 'training' | 'update' | 'complaint' | 'return' | 'feedback';
  urgency: Level;
  impact: Level;
  state: DemoState;
  group: string;
  agent: string;
  fault?: string;
  root_cause?: string;
  solution?: string;
  resolution_method?: 'remote' | 'onsite' | 'replacement' | 'guidance' | 'update';
  csat?: number;
  /** Hours before now the ticket was opened. */
  ageHours: number;
  /** Skills the question needs (routing weighs them with the product line over the asset's). */
  skills?: string[];
}

export const DEMO_TICKETS: DemoTicket[] = [
  { subject: '核心交换机电源告警', description: '机房 A 核心交换机一个电源模块指示灯为琥珀色，另一个正常。', org: 'SH-METRO', asset: 0, channel: 'phone', type: 'fault', urgency: 'high', impact: 'medium', state: 'new', group: 'NET-EAST', agent: 'lin.xiaoyu@support-desk.local', ageHours: 1 },
  { subject: 'Access switch ports flapping on floor 3', description: 'Users on floor 3 lose network every few minutes since this morning.', org: 'HZ-BANK', asset: 0, channel: 'email', type: 'fault', urgency: 'high', impact: 'high', state: 'new', group: 'NET-EAST', agent: 'wang.jun@support-desk.local', ageHours: 0.5 },
  { subject: 'How do we configure VLANs for the new branch?', description: 'We are opening a branch and need guidance on the VLAN plan for 40 users.', org: 'TJ-PORT', asset: 1, channel: 'portal', type: 'consultation', urgency: 'low', impact: 'low', state: 'new', group: 'NET-NORTH', agent: 'wang.jun@support-desk.local', ageHours: 3, skills: ['network'] },
  { subject: 'NVR 提示磁盘已满', description: '录像机提示磁盘已满，部分通道停止录像。', org: 'GZ-EDU', asset: 2, channel: 'web', type: 'fault', urgency: 'medium', impact: 'medium', state: 'triaged', group: 'CAM-SOUTH', agent: 'huang.pei@support-desk.local', ageHours: 5 },
  { subject: 'Storage array disk failure in shelf 2', description: 'The array reports one failed disk in RAID group 2, shelf 2 slot 7.', org: 'BJ-HOSP', asset: 0, channel: 'api', type: 'fault', urgency: 'medium', impact: 'high', state: 'triaged', group: 'STO-ALL', agent: 'zhang.lu@support-desk.local', ageHours: 2 },
  { subject: '摄像机夜间画面模糊', description: '停车场 6 号摄像机夜间画面模糊，白天正常。', org: 'SZ-FAB', asset: 2, channel: 'phone', type: 'fault', urgency: 'low', impact: 'medium', state: 'in_progress', group: 'CAM-SOUTH', agent: 'huang.pei@support-desk.local', ageHours: 26 },
  { subject: 'High latency on database LUNs', description: 'Database response times doubled since Monday; storage latency above 20 ms.', org: 'HZ-BANK', asset: 1, channel: 'email', type: 'fault', urgency: 'high', impact: 'high', state: 'in_progress', group: 'STO-ALL', agent: 'zhang.lu@support-desk.local', ageHours: 3 },
  { subject: 'Switch firmware upgrade plan', description: 'Please advise which firmware to upgrade to; we run 5.2.1 on 12 switches.', org: 'NJ-GOV', asset: 0, channel: 'portal', type: 'update', urgency: 'medium', impact: 'low', state: 'in_progress', group: 'NET-EAST', agent: 'lin.xiaoyu@support-desk.local', ageHours: 30 },
  { subject: '共享文件夹权限异常', description: '财务部门无法访问 NAS 上的共享文件夹，提示拒绝访问。', org: 'XM-HOTEL', asset: 1, channel: 'web', type: 'fault', urgency: 'medium', impact: 'medium', state: 'awaiting_customer', group: 'STO-ALL', agent: 'deng.rui@support-desk.local', ageHours: 50 },
  { subject: 'Camera offline after power cut', description: 'Two cameras at gate 2 did not come back after last night’s power cut.', org: 'TJ-PORT', asset: 2, channel: 'phone', type: 'fault', urgency: 'medium', impact: 'low', state: 'awaiting_customer', group: 'CAM-SOUTH', agent: 'huang.pei@support-desk.local', ageHours: 20 },
  { subject: '交换机环路导致网络中断', description: '办公楼网络间歇性中断，交换机 CPU 占用率很高。', org: 'NJ-GOV', asset: 1, channel: 'phone', type: 'fault', urgency: 'high', impact: 'high', state: 'solution_proposed', group: 'NET-EAST', agent: 'lin.xiaoyu@support-desk.local', solution: '在接入端口启用 BPDU 保护和风暴抑制，并关闭 3 楼 12 号端口。', ageHours: 8 },
  { subject: 'Replace controller module A', description: 'Controller A shows a hardware error; array runs on controller B.', org: 'BJ-HOSP', asset: 1, channel: 'email', type: 'fault', urgency: 'high', impact: 'medium', state: 'solution_proposed', group: 'STO-ALL', agent: 'zhang.lu@support-desk.local', solution: 'Ship CTRL-ST7000 and replace controller A on site during Saturday’s window.', ageHours: 28 },
  { subject: 'NVR 时间不准', description: '录像机时间每天慢几分钟，录像时间戳不对。', org: 'GZ-EDU', asset: 2, channel: 'portal', type: 'fault', urgency: 'low', impact: 'low', state: 'resolved', group: 'CAM-SOUTH', agent: 'huang.pei@support-desk.local', fault: 'HW-PSU', root_cause: 'RTC 电池电量耗尽，且未配置 NTP。', solution: '配置 NTP 服务器并更换 RTC 电池。', resolution_method: 'remote', ageHours: 72 },
  { subject: 'Optic errors on uplink port', description: 'CRC errors on the 10G uplink to the core.', org: 'SH-METRO', asset: 1, channel: 'api', type: 'fault', urgency: 'medium', impact: 'high', state: 'resolved', group: 'NET-EAST', agent: 'wang.jun@support-desk.local', fault: 'HW-PORT', root_cause: 'Dirty fibre connector and a degraded SFP-10G-SR.', solution: 'Cleaned connectors and replaced the optic.', resolution_method: 'replacement', ageHours: 40 },
  { subject: 'Training request: camera operation for guards', description: 'We would like a training session for 12 security guards.', org: 'SZ-FAB', asset: 0, channel: 'email', type: 'training', urgency: 'low', impact: 'low', state: 'resolved', group: 'TIER1', agent: 'chen.hao@support-desk.local', solution: 'Enrolled the guards in the next TR-CAM-110 session.', resolution_method: 'guidance', ageHours: 96 },
  { subject: '存储控制器固件升级', description: '请协助将两台存储升级到最新固件。', org: 'HZ-BANK', asset: 1, channel: 'portal', type: 'update', urgency: 'medium', impact: 'medium', state: 'closed', group: 'STO-ALL', agent: 'zhang.lu@support-desk.local', solution: '已完成滚动升级，主机路径均正常。', resolution_method: 'update', csat: 5, ageHours: 240 },
  { subject: 'Switch reloads every few weeks', description: 'Access switches reload unexpectedly roughly every 40 days.', org: 'TJ-PORT', asset: 0, channel: 'phone', type: 'fault', urgency: 'medium', impact: 'medium', state: 'closed', group: 'NET-NORTH', agent: 'wang.jun@support-desk.local', fault: 'SW-FW', root_cause: 'Memory leak in the LLDP process of firmware 5.2.1.', solution: 'Upgraded to 5.2.3.', resolution_method: 'update', csat: 4, ageHours: 400 },
  { subject: '硬盘更换', description: 'NAS 一块硬盘故障。', org: 'XM-HOTEL', asset: 1, channel: 'web', type: 'fault', urgency: 'low', impact: 'medium', state: 'closed', group: 'STO-ALL', agent: 'deng.rui@support-desk.local', fault: 'HW-DISK', root_cause: '硬盘坏道超过阈值。', solution: '寄送 HDD-4T-SATA 备件，客户自行更换，重建完成。', resolution_method: 'replacement', csat: 3, ageHours: 600 },
  { subject: 'Duplicate: ports flapping', description: 'Opened twice by mistake.', org: 'HZ-BANK', asset: 0, channel: 'email', type: 'fault', urgency: 'low', impact: 'low', state: 'cancelled', group: 'NET-EAST', agent: 'lin.xiaoyu@support-desk.local', ageHours: 10 },
  { subject: '咨询：续保价格', description: '想了解设备过保后的续保价格。', org: 'BJ-HOSP', asset: 2, channel: 'phone', type: 'consultation', urgency: 'low', impact: 'low', state: 'cancelled', group: 'TIER1', agent: 'chen.hao@support-desk.local', ageHours: 120 },
  { subject: 'Complaint: engineer arrived late', description: 'The on-site engineer arrived two hours after the agreed window.', org: 'SH-METRO', asset: 2, channel: 'email', type: 'complaint', urgency: 'medium', impact: 'low', state: 'in_progress', group: 'TIER1', agent: 'chen.hao@support-desk.local', ageHours: 6 },
  { subject: 'Camera image flickers under LED lights', description: 'Indoor cameras flicker in the canteen since new LED lights were installed.', org: 'GZ-EDU', asset: 0, channel: 'portal', type: 'feedback', urgency: 'low', impact: 'low', state: 'triaged', group: 'CAM-SOUTH', agent: 'huang.pei@support-desk.local', ageHours: 12 },
  { subject: '退货申请：多余的光模块', description: '多采购了 10 个 SFP-10G-LR 光模块，申请退货。', org: 'SZ-FAB', asset: 1, channel: 'web', type: 'return', urgency: 'low', impact: 'low', state: 'new', group: 'TIER1', agent: 'chen.hao@support-desk.local', ageHours: 2 },
  { subject: 'Storage rebuild slow', description: 'Rebuild has been at 12 % for 6 hours.', org: 'NJ-GOV', asset: 2, channel: 'phone', type: 'fault', urgency: 'high', impact: 'medium', state: 'awaiting_customer', group: 'STO-ALL', agent: 'zhang.lu@support-desk.local', ageHours: 9 },
];

/** The states a ticket passes through on its way to `state`, following the workflow table. */
export function statePath(state: DemoState): DemoState[] {
  switch (state) {
    case 'new':
      return [];
    case 'cancelled':
      return ['cancelled'];
    case 'triaged':
      return ['triaged'];
    case 'in_progress':
      return ['triaged', 'in_progress'];
    case 'awaiting_customer':
    case 'solution_proposed':
    case 'resolved':
      return ['triaged', 'in_progress', state];
    case 'closed':
      return ['triaged', 'in_progress', 'resolved', 'closed'];
  }
}
