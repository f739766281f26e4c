/** Demo knowledge base: each topic in English and Simplified Chinese (40+ articles in all), and the editors' synonym list. */

export interface KbTopic {
  slug: string;
  category: string;
  product_lines: string[];
  tags: string[];
  visibility: 'public' | 'internal';
  en: { title: string; summary: string; body: string };
  zh: { title: string; summary: string; body: string };
}

export const KB_CATEGORIES = [
  { key: 'getting-started', en: 'Getting started', zh: '入门指南', sort_order: 1 },
  { key: 'troubleshooting', en: 'Troubleshooting', zh: '故障排除', sort_order: 2 },
  { key: 'firmware', en: 'Firmware and updates', zh: '固件与升级', sort_order: 3 },
  { key: 'service', en: 'Service and warranty', zh: '服务与保修', sort_order: 4 },
];

const steps = (items: string[]) => items.map((s, i) => `${i + 1}. ${s}`).join('\n');

export const KB_TOPICS: KbTopic[] = [
  {
    slug: 'switch-psu-led-amber', category: 'troubleshooting', product_lines: ['Network Switches'], tags: ['power', 'led', 'psu'], visibility: 'public',
    en: { title: 'Switch power supply LED is amber', summary: 'What an amber PSU LED means on SW-9300 and how to replace the supply without downtime.', body: `An amber LED on a power supply means it has input power but reports a fault.\n\n${steps(['Check that the power cord is fully seated and the PDU outlet is live.', 'Run `show environment power` and note the failed slot.', 'If the second supply is green, hot-swap the failed unit (part PSU-650W-AC).', 'If both are amber, open a P1 ticket: the chassis may be running on battery.'])}` },
    zh: { title: '交换机电源指示灯呈琥珀色', summary: 'SW-9300 电源指示灯为琥珀色的含义，以及如何在不停机的情况下更换电源。', body: `电源模块指示灯为琥珀色，表示有输入电源但模块报告故障。\n\n${steps(['检查电源线是否插紧，PDU 插座是否有电。', '执行 `show environment power`，记下故障槽位。', '如果另一个电源为绿色，可热插拔更换故障模块（备件 PSU-650W-AC）。', '如果两个电源都是琥珀色，请提交 P1 工单：设备可能正在依靠电池运行。'])}` },
  },
  {
    slug: 'switch-port-flapping', category: 'troubleshooting', product_lines: ['Network Switches'], tags: ['port', 'link', 'flapping'], visibility: 'public',
    en: { title: 'A switch port keeps going up and down (flapping)', summary: 'Diagnose link flaps: cabling, optics, speed/duplex mismatch and error-disable.', body: `Port flapping is usually physical.\n\n${steps(['Run `show interface counters errors` and look for CRC errors.', 'Replace the patch cable (CABLE-CAT6-3M) or clean the fibre connectors.', 'Check the optic with `show interface transceiver`; replace SFP-10G-SR if Rx power is below -9 dBm.', 'Make sure both ends negotiate the same speed and duplex.'])}` },
    zh: { title: '交换机端口反复 up/down（端口抖动）', summary: '排查链路抖动：线缆、光模块、速率/双工不匹配以及端口被禁用。', body: `端口抖动通常是物理层问题。\n\n${steps(['执行 `show interface counters errors`，查看是否有 CRC 错误。', '更换跳线（CABLE-CAT6-3M）或清洁光纤接头。', '用 `show interface transceiver` 检查光模块，接收光功率低于 -9 dBm 时更换 SFP-10G-SR。', '确认两端协商的速率与双工模式一致。'])}` },
  },
  {
    slug: 'switch-first-configuration', category: 'getting-started', product_lines: ['Network Switches'], tags: ['setup', 'console', 'vlan'], visibility: 'public',
    en: { title: 'First configuration of an SW-9300 switch', summary: 'Console access, management IP, VLANs and saving the configuration.', body: `Connect the console cable (9600 8N1).\n\n${steps(['Set the hostname and the management IP on VLAN 1.', 'Create the user VLANs and assign access ports.', 'Enable SSH and disable Telnet.', 'Save with `write memory` and back up the file to your TFTP server.'])}` },
    zh: { title: 'SW-9300 交换机首次配置', summary: '控制台登录、管理 IP、VLAN 配置以及保存配置。', body: `连接控制台线缆（9600 8N1）。\n\n${steps(['设置主机名和 VLAN 1 上的管理 IP。', '创建业务 VLAN 并划分接入端口。', '启用 SSH，关闭 Telnet。', '执行 `write memory` 保存，并将配置备份到 TFTP 服务器。'])}` },
  },
  {
    slug: 'switch-firmware-upgrade', category: 'firmware', product_lines: ['Network Switches'], tags: ['firmware', 'upgrade'], visibility: 'public',
    en: { title: 'Upgrading switch firmware safely', summary: 'Check compatibility, stage the image, upgrade one stack member at a time, roll back if needed.', body: `Read the release notes first.\n\n${steps(['Verify free flash space with `dir flash:`.', 'Copy the image and verify its SHA-256.', 'Upgrade stack members one by one during a maintenance window.', 'If the switch does not come back, boot the previous image from ROMMON.'])}` },
    zh: { title: '安全升级交换机固件', summary: '检查兼容性、上传镜像、逐台升级堆叠成员，必要时回退。', body: `请先阅读版本说明。\n\n${steps(['用 `dir flash:` 确认闪存空间充足。', '上传镜像并校验 SHA-256。', '在维护窗口内逐台升级堆叠成员。', '如设备无法启动，在 ROMMON 中引导旧版本镜像。'])}` },
  },
  {
    slug: 'storage-disk-failed', category: 'troubleshooting', product_lines: ['Storage Arrays'], tags: ['disk', 'raid', 'rebuild'], visibility: 'public',
    en: { title: 'A disk failed in an ST-7000 RAID group', summary: 'Identify the failed disk, replace it hot and watch the rebuild.', body: `The array stays online with one failed disk in RAID 6.\n\n${steps(['Find the slot with the amber LED or in *System › Disks*.', 'Insert the replacement HDD-8T-SAS into the same slot.', 'The rebuild starts by itself; expect about 1.5 h per TB.', 'Do not remove a second disk until the rebuild completes.'])}` },
    zh: { title: 'ST-7000 RAID 组中硬盘故障', summary: '定位故障硬盘，热插拔更换并观察重建进度。', body: `RAID 6 中有一块硬盘故障时阵列仍保持在线。\n\n${steps(['通过琥珀色指示灯或 *系统 › 磁盘* 找到故障槽位。', '在同一槽位插入备件 HDD-8T-SAS。', '重建会自动开始，每 TB 约需 1.5 小时。', '重建完成前不要拔出第二块硬盘。'])}` },
  },
  {
    slug: 'storage-controller-failover', category: 'troubleshooting', product_lines: ['Storage Arrays'], tags: ['controller', 'failover', 'ha'], visibility: 'internal',
    en: { title: 'Forcing a controller failover on ST-7000 (engineers only)', summary: 'Internal procedure: manual failover before replacing a controller module.', body: `Internal: requires a maintenance window approved by the customer.\n\n${steps(['Confirm both controllers are in sync (`ctl status`).', 'Run `ctl failover --to B` and wait for ownership to move.', 'Replace controller A (CTRL-ST7000).', 'Fail back and check multipath on the hosts.'])}` },
    zh: { title: 'ST-7000 手动切换控制器（仅限工程师）', summary: '内部流程：更换控制器模块前手动切换。', body: `内部资料：需客户批准的维护窗口。\n\n${steps(['确认两个控制器已同步（`ctl status`）。', '执行 `ctl failover --to B`，等待所有权切换。', '更换控制器 A（CTRL-ST7000）。', '切回后检查主机多路径状态。'])}` },
  },
  {
    slug: 'storage-nas-share-permissions', category: 'getting-started', product_lines: ['Storage Arrays'], tags: ['nas', 'smb', 'permissions'], visibility: 'public',
    en: { title: 'Setting up SMB share permissions on ST-3000 NAS', summary: 'Create shares, join the domain and map AD groups to share permissions.', body: `Join the NAS to your AD domain first.\n\n${steps(['Create the share under *Shares › New*.', 'Grant AD groups read or read/write.', 'Enable access-based enumeration.', 'Test from a client with `net use`.'])}` },
    zh: { title: 'ST-3000 NAS 的 SMB 共享权限设置', summary: '创建共享、加入域并将 AD 组映射为共享权限。', body: `请先将 NAS 加入 AD 域。\n\n${steps(['在 *共享 › 新建* 中创建共享。', '为 AD 组授予只读或读写权限。', '启用基于访问的枚举。', '在客户端用 `net use` 测试。'])}` },
  },
  {
    slug: 'storage-slow-performance', category: 'troubleshooting', product_lines: ['Storage Arrays'], tags: ['performance', 'latency', 'cache'], visibility: 'public',
    en: { title: 'Storage latency is high', summary: 'Check cache state, rebuilds, hot LUNs and host queue depth.', body: `High latency has a few usual causes.\n\n${steps(['Check whether a rebuild or scrub is running.', 'Verify the write cache is enabled and the cache SSD is healthy.', 'Find hot LUNs in the performance monitor.', 'Tune the host HBA queue depth.'])}` },
    zh: { title: '存储延迟过高', summary: '检查缓存状态、重建任务、热点 LUN 和主机队列深度。', body: `延迟高通常有以下原因。\n\n${steps(['检查是否正在进行重建或巡检。', '确认写缓存已开启且缓存 SSD 状态正常。', '在性能监控中找出热点 LUN。', '调整主机 HBA 队列深度。'])}` },
  },
  {
    slug: 'camera-no-video', category: 'troubleshooting', product_lines: ['Surveillance Cameras'], tags: ['camera', 'video', 'poe'], visibility: 'public',
    en: { title: 'Camera shows no video in the NVR', summary: 'Check PoE power, network reachability, credentials and stream settings.', body: `Start with power and network.\n\n${steps(['Check the PoE budget of the switch port or the injector (CAM-POE-INJ).', 'Ping the camera from the NVR.', 'Re-enter the camera credentials in the NVR channel.', 'Lower the stream to H.264 1080p to rule out bandwidth limits.'])}` },
    zh: { title: '录像机中摄像机无画面', summary: '检查 PoE 供电、网络连通性、认证信息和码流设置。', body: `先排查供电与网络。\n\n${steps(['检查交换机端口或 PoE 注入器（CAM-POE-INJ）的供电预算。', '从录像机 ping 摄像机。', '在录像机通道中重新输入摄像机账号密码。', '将码流降为 H.264 1080p，排除带宽问题。'])}` },
  },
  {
    slug: 'camera-night-vision-blurry', category: 'troubleshooting', product_lines: ['Surveillance Cameras'], tags: ['camera', 'ir', 'focus'], visibility: 'public',
    en: { title: 'Night image is blurry', summary: 'Refocus for IR light, clean the dome and check IR reflections.', body: `IR light focuses differently from daylight.\n\n${steps(['Run the auto-focus at night with IR on.', 'Clean the dome cover; dust scatters IR light.', 'Remove objects near the lens that reflect IR.', 'Replace the lens module (CAM-LENS-4MM) if focus cannot be reached.'])}` },
    zh: { title: '夜间图像模糊', summary: '针对红外光重新对焦，清洁球罩，检查红外反射。', body: `红外光与日光的焦点不同。\n\n${steps(['夜间开启红外时执行自动对焦。', '清洁球罩，灰尘会散射红外光。', '移除镜头附近反射红外的物体。', '若无法对焦，更换镜头模组（CAM-LENS-4MM）。'])}` },
  },
  {
    slug: 'nvr-disk-full', category: 'troubleshooting', product_lines: ['Surveillance Cameras'], tags: ['nvr', 'disk', 'retention'], visibility: 'public',
    en: { title: 'NVR reports disk full and stops recording', summary: 'Enable overwrite, set retention per channel and add disks.', body: `By default old footage is overwritten; if recording stopped, overwrite was turned off.\n\n${steps(['Enable *Storage › Overwrite*.', 'Set retention days per channel.', 'Add HDD-4T-SATA disks to free bays.', 'Check the disk health report for bad sectors.'])}` },
    zh: { title: '录像机提示磁盘已满并停止录像', summary: '开启覆盖录像，按通道设置保留天数并增加硬盘。', body: `默认会覆盖旧录像；若停止录像，说明覆盖功能被关闭。\n\n${steps(['开启 *存储 › 覆盖录像*。', '按通道设置录像保留天数。', '在空闲盘位增加 HDD-4T-SATA 硬盘。', '查看硬盘健康报告中的坏道信息。'])}` },
  },
  {
    slug: 'nvr-time-drift', category: 'troubleshooting', product_lines: ['Surveillance Cameras'], tags: ['nvr', 'ntp', 'time'], visibility: 'public',
    en: { title: 'NVR time drifts and timestamps are wrong', summary: 'Configure NTP and replace the RTC battery when the clock resets after power loss.', body: `Timestamps matter as evidence.\n\n${steps(['Configure an NTP server under *System › Time*.', 'Push time to all cameras from the NVR.', 'If the clock resets after a power cut, replace the RTC battery (BATT-RTC).'])}` },
    zh: { title: '录像机时间漂移、时间戳错误', summary: '配置 NTP；断电后时钟重置时更换 RTC 电池。', body: `时间戳可能作为证据使用。\n\n${steps(['在 *系统 › 时间* 中配置 NTP 服务器。', '从录像机向所有摄像机同步时间。', '若断电后时钟重置，请更换 RTC 电池（BATT-RTC）。'])}` },
  },
  {
    slug: 'warranty-policy', category: 'service', product_lines: ['Network Switches', 'Storage Arrays', 'Surveillance Cameras'], tags: ['warranty', 'rma'], visibility: 'public',
    en: { title: 'Warranty and replacement (RMA) policy', summary: 'What the warranty covers, how long it lasts and how a replacement is shipped.', body: 'Hardware is covered for 3 years from installation (5 years for storage controllers). A failed part under warranty is replaced free of charge; with an on-site contract an engineer installs it. Out-of-warranty parts are quoted before shipping. Keep the serial number at hand: it identifies your asset.' },
    zh: { title: '保修与更换（RMA）政策', summary: '保修范围、保修期限以及备件如何寄送。', body: '硬件自安装之日起保修 3 年（存储控制器 5 年）。保修期内的故障备件免费更换；签订上门服务合同的客户由工程师上门安装。过保备件在发货前报价。请准备好设备序列号，用于识别您的资产。' },
  },
  {
    slug: 'how-to-open-ticket', category: 'service', product_lines: [], tags: ['ticket', 'support', 'portal'], visibility: 'public',
    en: { title: 'How to open a support ticket', summary: 'Channels, what to include and how priority is decided.', body: 'Open a ticket in the portal, by email or by phone. Include the serial number, what happened, since when, and how many users are affected. We set the priority from urgency and impact: a complete outage for many users is P1 and is answered within 15–30 minutes depending on your contract.' },
    zh: { title: '如何提交技术支持工单', summary: '提交渠道、需要提供的信息以及优先级的确定方式。', body: '您可以通过门户、电子邮件或电话提交工单。请提供设备序列号、故障现象、开始时间以及受影响的用户数。我们根据紧急程度和影响范围确定优先级：影响大量用户的全面中断为 P1，根据合同在 15–30 分钟内响应。' },
  },
  {
    slug: 'sla-explained', category: 'service', product_lines: [], tags: ['sla', 'response', 'resolution'], visibility: 'public',
    en: { title: 'Response and resolution times explained', summary: 'How SLA clocks count business hours, holidays and time waiting for you.', body: 'Standard contracts count business hours (Mon–Fri 09:00–12:00 and 13:00–18:00, China time) excluding public holidays. Premium contracts count around the clock. While we wait for information from you, or for your approval of a proposed solution, the resolution clock is paused.' },
    zh: { title: '响应与解决时限说明', summary: 'SLA 计时如何计算工作时间、节假日以及等待客户的时间。', body: '标准合同按工作时间计时（北京时间周一至周五 09:00–12:00、13:00–18:00），不含法定节假日。高级合同全天候计时。在等待您提供信息或确认解决方案期间，解决时限暂停计时。' },
  },
  {
    slug: 'remote-session-guide', category: 'service', product_lines: [], tags: ['remote', 'session'], visibility: 'public',
    en: { title: 'Preparing for a remote support session', summary: 'Access, credentials and a maintenance window make remote sessions short.', body: 'Before the session: make sure the engineer can reach the device over VPN or a jump host, have an administrator account ready, and agree on a maintenance window if a restart may be needed. We record every action in the ticket timeline.' },
    zh: { title: '远程支持会话准备', summary: '提前准备访问方式、账号和维护窗口可缩短远程支持时间。', body: '会话开始前：确保工程师可以通过 VPN 或跳板机访问设备，准备好管理员账号；如可能需要重启，请约定维护窗口。我们会在工单时间线中记录每一步操作。' },
  },
  {
    slug: 'onsite-visit-checklist', category: 'service', product_lines: [], tags: ['onsite', 'visit'], visibility: 'internal',
    en: { title: 'On-site visit checklist (engineers)', summary: 'Internal: what to take, whom to call and what to record on site.', body: `Internal checklist.\n\n${steps(['Confirm the window with the customer contact the day before.', 'Reserve the parts on the ticket before leaving.', 'Record arrival on the ticket when you reach the site.', 'Write the visit report and have the customer sign it.'])}` },
    zh: { title: '上门服务检查清单（工程师）', summary: '内部资料：携带物品、联系人以及现场需记录的内容。', body: `内部检查清单。\n\n${steps(['前一天与客户联系人确认上门时间。', '出发前在工单上预留备件。', '到达现场后在工单上登记到达。', '填写服务报告并请客户签字。'])}` },
  },
  {
    slug: 'known-issue-fw-5-2-memory-leak', category: 'firmware', product_lines: ['Network Switches'], tags: ['firmware', 'memory', 'known-issue'], visibility: 'internal',
    en: { title: 'Known issue: memory leak in switch firmware 5.2.1', summary: 'Internal: symptoms, workaround and the fixed release.', body: 'Firmware 5.2.1 leaks memory in the LLDP process; after about 40 days the switch reloads. Workaround: disable LLDP on access ports or schedule a reload. Fixed in 5.2.3. Link affected tickets to this article.' },
    zh: { title: '已知问题：交换机固件 5.2.1 内存泄漏', summary: '内部资料：现象、规避方法与修复版本。', body: '固件 5.2.1 的 LLDP 进程存在内存泄漏，约 40 天后交换机自动重启。规避方法：在接入端口关闭 LLDP，或计划重启。已在 5.2.3 修复。请将相关工单关联到本文。' },
  },
  {
    slug: 'storage-firmware-upgrade', category: 'firmware', product_lines: ['Storage Arrays'], tags: ['firmware', 'upgrade', 'storage'], visibility: 'public',
    en: { title: 'Non-disruptive firmware upgrade on ST-7000', summary: 'Upgrade controllers one after the other while hosts keep running.', body: `Both controllers must be healthy.\n\n${steps(['Upload the package under *System › Update*.', 'Run the pre-check; fix every warning.', 'Start the rolling upgrade; each controller reboots in turn.', 'Confirm host paths are all active afterwards.'])}` },
    zh: { title: 'ST-7000 不中断业务的固件升级', summary: '在主机持续运行的情况下依次升级两个控制器。', body: `两个控制器必须都处于正常状态。\n\n${steps(['在 *系统 › 升级* 中上传升级包。', '执行预检查并处理所有警告。', '开始滚动升级，两个控制器依次重启。', '升级后确认主机所有路径均为活动状态。'])}` },
  },
  {
    slug: 'camera-password-reset', category: 'getting-started', product_lines: ['Surveillance Cameras'], tags: ['camera', 'password', 'reset'], visibility: 'public',
    en: { title: 'Resetting a camera password', summary: 'Reset through the NVR, or with the reset button as a last resort.', body: `Prefer the NVR: it keeps the camera configuration.\n\n${steps(['In the NVR, open the channel and choose *Reset camera password*.', 'If the camera is not managed by an NVR, hold the reset button for 15 s.', 'Log in with the default account and set a strong password at once.'])}` },
    zh: { title: '重置摄像机密码', summary: '通过录像机重置，或在万不得已时使用复位按钮。', body: `优先通过录像机重置，可保留摄像机配置。\n\n${steps(['在录像机中打开对应通道，选择 *重置摄像机密码*。', '若摄像机未接入录像机，长按复位按钮 15 秒。', '使用默认账号登录并立即设置强密码。'])}` },
  },
  {
    slug: 'switch-loop-detection', category: 'troubleshooting', product_lines: ['Network Switches'], tags: ['loop', 'stp', 'broadcast'], visibility: 'public',
    en: { title: 'Network slow or down because of a loop', summary: 'Spot a broadcast storm, find the looped port and enable loop protection.', body: `A loop floods every port with broadcasts.\n\n${steps(['Look for ports with very high broadcast counters.', 'Shut the suspected access port and watch CPU load fall.', 'Enable spanning tree and BPDU guard on access ports.', 'Enable storm control as a safety net.'])}` },
    zh: { title: '环路导致网络缓慢或中断', summary: '识别广播风暴，找到成环端口并启用环路保护。', body: `环路会使所有端口充满广播报文。\n\n${steps(['查找广播计数异常高的端口。', '关闭可疑的接入端口，观察 CPU 负载是否下降。', '在接入端口启用生成树和 BPDU 保护。', '启用风暴抑制作为兜底。'])}` },
  },
  {
    slug: 'vpn-client-cannot-connect', category: 'troubleshooting', product_lines: [], tags: ['vpn', 'remote access'], visibility: 'public',
    en: { title: 'VPN client cannot connect', summary: 'Check credentials, the client version, the certificate and UDP 4500 on your firewall.', body: `Most VPN failures are on the client side.\n\n${steps(['Check the account is not locked: sign in to the portal with the same credentials.', 'Update the VPN client to the version listed on the portal download page.', 'Re-import the profile if the certificate has expired.', 'Ask your network team to allow UDP 500 and 4500 to the gateway.'])}` },
    zh: { title: 'VPN 客户端无法连接', summary: '检查账号、客户端版本、证书以及防火墙上的 UDP 4500 端口。', body: `VPN 故障大多出在客户端。\n\n${steps(['确认账号未被锁定：用相同账号登录门户。', '将 VPN 客户端更新到门户下载页列出的版本。', '如证书已过期，重新导入配置文件。', '请网络团队放行到网关的 UDP 500 和 4500 端口。'])}` },
  },
  {
    slug: 'firmware-downgrade', category: 'firmware', product_lines: ['Network Switches', 'Storage Arrays'], tags: ['firmware', 'downgrade', 'rollback'], visibility: 'public',
    en: { title: 'Firmware downgrade: going back to a previous version', summary: 'When a downgrade is supported, how to keep your configuration and which versions you can return to.', body: `Downgrades are supported within the same major release.\n\n${steps(['Export the running configuration first.', 'Check the release notes of the target version for configuration changes.', 'Install the older image like an upgrade and reboot.', 'Restore the exported configuration if settings were reset.'])}` },
    zh: { title: '固件降级：回退到旧版本', summary: '何时支持降级、如何保留配置以及可回退的版本。', body: `同一主版本内支持降级。\n\n${steps(['先导出当前运行配置。', '查看目标版本的版本说明，确认配置变化。', '像升级一样安装旧版本镜像并重启。', '如配置被重置，导入先前导出的配置。'])}` },
  },
  {
    slug: 'book-onsite-visit', category: 'service', product_lines: [], tags: ['onsite', 'visit', 'engineer'], visibility: 'public',
    en: { title: 'Booking an on-site service visit', summary: 'How to ask for an engineer at your site, lead times and what to prepare.', body: 'Ask for an on-site visit on your ticket: give the site address, a contact person on site and two possible time slots. With an on-site contract an engineer arrives next business day (4 hours for premium contracts). Make sure the engineer can access the equipment room and that parts can be delivered to the site.' },
    zh: { title: '预约上门服务', summary: '如何申请工程师上门、响应时间以及需要准备的事项。', body: '请在工单中申请上门服务：提供现场地址、现场联系人和两个可选时间段。签订上门服务合同的客户，工程师将在下一个工作日到达（高级合同 4 小时内）。请确保工程师可以进入机房，备件可以送达现场。' },
  },
];

/**
 * The editors' synonym list (content type kb-synonym): words customers use for what articles say.
 * Applied to queries, not to the index; KB editors keep it in the Content Manager.
 */
export const KB_SYNONYMS: Array<{ terms: string; note: string }> = [
  { terms: "won't connect, cannot connect, can't connect, unable to connect, not connecting, connection fails, offline, unreachable", note: 'connection problems (en)' },
  { terms: '连不上, 无法连接, 连接不上, 连接失败, 离线, 掉线', note: 'connection problems (zh)' },
  { terms: "not working, doesn't work, broken, faulty, failed, fault, dead", note: 'something is broken (en)' },
  { terms: '坏了, 坏, 故障, 损坏, 失效, 不工作', note: 'something is broken (zh)' },
  { terms: 'send back, return, rma, replacement, 退回, 寄回, 返修, 退货, 更换', note: 'returns and replacements' },
  { terms: 'warranty, guarantee, 保修, 质保, 保固', note: 'warranty' },
  { terms: 'downgrade, roll back, rollback, revert, previous version, older version, 降级, 回退, 回滚, 旧版本', note: 'going back to older firmware' },
  { terms: 'upgrade, update, 升级, 更新', note: 'updates' },
  { terms: 'slow, latency, sluggish, lag, 慢, 延迟, 卡顿, 缓慢', note: 'performance' },
  { terms: 'password, passcode, credentials, 密码, 口令', note: 'passwords' },
  { terms: 'night, ir, infrared, night vision, dark, 晚上, 夜间, 夜里, 红外, 夜视', note: 'night vision' },
  { terms: "blurry, fuzzy, out of focus, not sharp, can't see, 模糊, 看不清, 不清楚, 对焦", note: 'image quality' },
  { terms: 'no video, no picture, no image, black screen, 无画面, 没有画面, 没画面, 黑屏, 没图像', note: 'no picture' },
  { terms: 'disk, drive, hard drive, hdd, 硬盘, 磁盘', note: 'disks' },
  { terms: 'full, out of space, no space left, 满了, 已满, 空间不足', note: 'storage full' },
  { terms: 'clock, time, timestamp, 时间, 时钟, 时间戳', note: 'time' },
  { terms: 'on-site, onsite, site visit, technician visit, engineer visit, technician, 上门, 现场, 上门服务, 工程师上门', note: 'on-site service' },
  { terms: 'schedule, book, booking, appointment, 预约, 安排', note: 'booking' },
  { terms: 'ticket, case, support request, 工单, 报修', note: 'tickets' },
  { terms: 'how fast, how quickly, response time, resolution time, sla, 多快, 响应时间, 解决时限, 时限', note: 'service levels' },
  { terms: 'answer, respond, response, reply, 答复, 回复, 响应', note: 'answers' },
  { terms: 'flapping, up and down, keeps disconnecting, drops, 抖动, 时断时续, 断断续续, 反复断开, 断开又连上, up/down', note: 'unstable links' },
  { terms: 'led, light, indicator, 灯, 指示灯', note: 'lights' },
  { terms: 'amber, orange, yellow, 琥珀色, 橙色, 黄色, 黄灯', note: 'amber light' },
  { terms: 'camera, cam, 摄像机, 摄像头, 监控', note: 'cameras' },
  { terms: 'nvr, recorder, video recorder, 录像机, 硬盘录像机', note: 'recorders' },
  { terms: 'psu, power supply, 电源', note: 'power supplies' },
  { terms: 'share, shared folder, file share, 共享, 共享文件夹', note: 'file shares' },
  { terms: 'remote session, remote support, remote access, 远程支持, 远程协助, 远程', note: 'remote support' },
  { terms: 'open a ticket, submit a ticket, contact support, 提交工单, 联系客服, 报修', note: 'contacting support' },
];

