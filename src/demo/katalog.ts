/**
 * Catalogue of the demo kabupaten: perangkat daerah, indicator templates, programme names,
 * people's names, problems and solutions. Plain data, Indonesian as the users write it.
 *
 * Indicator template: "uraian|satuan|polaritas|agregasi|target" where polaritas is n (naik),
 * t (turun) or r (rentang), agregasi k (kumulatif), a (akhir) or r (rata-rata), and target a
 * number or "a~b" for a band.
 */
import type { Opd } from '../domain/schemas.ts';

export interface KatalogOpd {
  kode: string;
  nama: string;
  singkatan: string;
  jenis: Opd['jenis'];
  bidang: keyof typeof INDIKATOR_BIDANG;
  /** Range of indicator counts. */
  jumlah: [number, number];
  /** Typical programme pagu in billions of rupiah [min, max]. */
  paguMiliar: [number, number];
}

const opd = (kode: string, nama: string, singkatan: string, jenis: Opd['jenis'], bidang: KatalogOpd['bidang'], jumlah: [number, number], paguMiliar: [number, number]): KatalogOpd => ({
  kode,
  nama,
  singkatan,
  jenis,
  bidang,
  jumlah,
  paguMiliar,
});

export const KATALOG_OPD: readonly KatalogOpd[] = [
  opd('4.01.01', 'Sekretariat Daerah', 'Setda', 'sekretariat', 'umum', [18, 26], [1, 12]),
  opd('4.02.01', 'Sekretariat DPRD', 'Setwan', 'sekretariat', 'umum', [15, 20], [2, 10]),
  opd('6.01.01', 'Inspektorat Daerah', 'Inspektorat', 'inspektorat', 'pengawasan', [16, 22], [0.5, 4]),
  opd('5.01.01', 'Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah', 'Bappeda', 'badan', 'perencanaan', [18, 26], [0.5, 5]),
  opd('5.02.01', 'Badan Pengelolaan Keuangan dan Pendapatan Daerah', 'BPKPD', 'badan', 'keuangan', [18, 28], [1, 8]),
  opd('5.03.01', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'BKPSDM', 'badan', 'kepegawaian', [16, 22], [0.5, 4]),
  opd('1.05.02', 'Badan Penanggulangan Bencana Daerah', 'BPBD', 'badan', 'bencana', [15, 20], [0.5, 5]),
  opd('8.01.01', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol', 'badan', 'umum', [15, 18], [0.3, 2]),
  opd('1.01.01', 'Dinas Pendidikan', 'Disdik', 'dinas', 'pendidikan', [30, 40], [5, 60]),
  opd('1.02.01', 'Dinas Kesehatan', 'Dinkes', 'dinas', 'kesehatan', [30, 40], [5, 45]),
  opd('1.02.02', 'Rumah Sakit Umum Daerah dr. Soedarso', 'RSUD', 'rsud', 'rsud', [18, 26], [5, 40]),
  opd('1.03.01', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Dinas PUPR', 'dinas', 'pu', [22, 32], [10, 85]),
  opd('1.04.01', 'Dinas Perumahan Rakyat dan Kawasan Permukiman', 'Disperkim', 'dinas', 'perkim', [16, 24], [2, 20]),
  opd('1.05.01', 'Satuan Polisi Pamong Praja', 'Satpol PP', 'satpol', 'trantib', [15, 20], [0.5, 5]),
  opd('1.06.01', 'Dinas Sosial', 'Dinsos', 'dinas', 'sosial', [16, 24], [1, 10]),
  opd('2.12.01', 'Dinas Kependudukan dan Pencatatan Sipil', 'Disdukcapil', 'dinas', 'dukcapil', [15, 20], [0.5, 4]),
  opd('2.13.01', 'Dinas Pemberdayaan Masyarakat dan Desa', 'DPMD', 'dinas', 'desa', [16, 22], [1, 8]),
  opd('2.14.01', 'Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak', 'DP2KBP3A', 'dinas', 'kb', [16, 24], [1, 8]),
  opd('2.15.01', 'Dinas Perhubungan', 'Dishub', 'dinas', 'perhubungan', [15, 22], [1, 12]),
  opd('2.16.01', 'Dinas Komunikasi dan Informatika', 'Diskominfo', 'dinas', 'kominfo', [16, 22], [1, 8]),
  opd('2.11.01', 'Dinas Lingkungan Hidup', 'DLH', 'dinas', 'lh', [16, 24], [1, 12]),
  opd('3.27.01', 'Dinas Pertanian dan Ketahanan Pangan', 'Distankp', 'dinas', 'pertanian', [20, 30], [2, 20]),
  opd('3.30.01', 'Dinas Koperasi, Usaha Kecil Menengah dan Perdagangan', 'Diskopdag', 'dinas', 'ekonomi', [16, 24], [1, 10]),
  opd('2.18.01', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'DPMPTSP', 'dinas', 'investasi', [15, 20], [0.5, 4]),
];

export const NAMA_KECAMATAN = [
  'Sukamaju', 'Sukamakmur', 'Karangsari', 'Cibeureum', 'Wanasari', 'Tanjungrejo', 'Margaasih', 'Sindangjaya',
  'Mekarsari', 'Pagerageung', 'Bojongsari', 'Kedungwaringin', 'Ciranjang', 'Sumberjaya', 'Telagasari',
] as const;

export const INDIKATOR_UMUM = [
  'Nilai SAKIP Perangkat Daerah|nilai|n|a|75',
  'Persentase realisasi anggaran terhadap pagu|persen|n|a|95',
  'Indeks Kepuasan Masyarakat terhadap layanan|indeks|n|r|82',
  'Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti|persen|n|a|90',
  'Persentase dokumen perencanaan dan pelaporan yang tepat waktu|persen|n|a|100',
  'Persentase ASN yang mengikuti pengembangan kompetensi|persen|n|a|60',
  'Jumlah inovasi pelayanan publik yang diterapkan|inovasi|n|k|3',
  'Persentase pengaduan masyarakat yang ditindaklanjuti|persen|n|a|95',
  'Persentase barang milik daerah yang tercatat dan bersertifikat|persen|n|a|90',
  'Indeks Profesionalitas ASN Perangkat Daerah|indeks|n|a|70',
  'Jumlah laporan kinerja dan keuangan yang disusun|dokumen|n|k|12',
  'Tingkat kehadiran pegawai|persen|n|r|97',
  'Persentase kegiatan yang selesai tepat waktu|persen|n|a|90',
  'Jumlah temuan berulang hasil pemeriksaan|temuan|t|a|0',
  'Persentase layanan administrasi perkantoran yang terpenuhi|persen|n|a|100',
  'Nilai Indeks Reformasi Birokrasi Perangkat Daerah|nilai|n|a|65',
  'Persentase data sektoral yang dimutakhirkan dalam Satu Data|persen|n|a|80',
  'Jumlah standar operasional prosedur yang ditetapkan|dokumen|n|k|6',
  'Persentase pegawai dengan SKP bernilai baik|persen|n|a|90',
  'Rata-rata waktu penyelesaian surat masuk|hari|t|r|3',
  'Persentase aduan LAPOR! yang diselesaikan|persen|n|a|90',
  'Persentase informasi publik yang dipublikasikan|persen|n|a|85',
] as const;

export const INDIKATOR_BIDANG = {
  umum: [
    'Persentase produk hukum daerah yang ditetapkan tepat waktu|persen|n|a|90',
    'Jumlah rapat koordinasi pimpinan yang difasilitasi|kegiatan|n|k|24',
    'Persentase rekomendasi kebijakan yang ditindaklanjuti|persen|n|a|75',
    'Jumlah kerja sama daerah yang ditandatangani|dokumen|n|k|4',
  ],
  pengawasan: [
    'Level maturitas SPIP|level|n|a|3',
    'Kapabilitas APIP (IACM)|level|n|a|3',
    'Persentase temuan hasil pengawasan yang ditindaklanjuti|persen|n|a|85',
    'Jumlah perangkat daerah yang diaudit kinerja|OPD|n|k|30',
    'Persentase desa yang diaudit pengelolaan dana desanya|persen|n|k|40',
    'Jumlah kasus pengaduan yang diinvestigasi|kasus|n|k|12',
  ],
  perencanaan: [
    'Persentase keselarasan program RKPD dengan RPJMD|persen|n|a|95',
    'Persentase usulan Musrenbang yang terakomodasi dalam RKPD|persen|n|a|40',
    'Jumlah hasil riset dan kajian yang dimanfaatkan|kajian|n|k|5',
    'Persentase perangkat daerah dengan Renja tepat waktu|persen|n|a|100',
    'Jumlah inovasi daerah yang dilaporkan ke Kemendagri|inovasi|n|k|40',
  ],
  keuangan: [
    'Opini BPK atas Laporan Keuangan Pemerintah Daerah|opini (WTP=4)|n|a|4',
    'Rasio Pendapatan Asli Daerah terhadap total pendapatan|persen|n|a|14',
    'Realisasi penerimaan Pajak Bumi dan Bangunan|persen|n|k|100',
    'Realisasi Pendapatan Asli Daerah terhadap target|persen|n|k|100',
    'Persentase SP2D yang terbit paling lama 2 hari kerja|persen|n|a|95',
    'Jumlah wajib pajak daerah terdaftar|wajib pajak|n|a|18500',
  ],
  kepegawaian: [
    'Persentase ASN yang memenuhi standar kompetensi jabatan|persen|n|a|70',
    'Indeks Sistem Merit|indeks|n|a|0.7',
    'Persentase layanan kenaikan pangkat tepat waktu|persen|n|a|100',
    'Jumlah ASN mengikuti pelatihan kepemimpinan|orang|n|k|120',
  ],
  bencana: [
    'Waktu tanggap darurat bencana|jam|t|r|6',
    'Jumlah desa tangguh bencana|desa|n|a|25',
    'Persentase korban bencana yang tertangani|persen|n|a|100',
    'Jumlah warga yang dilatih kesiapsiagaan bencana|orang|n|k|900',
  ],
  pendidikan: [
    'Angka Partisipasi Kasar PAUD|persen|n|a|78',
    'Angka Partisipasi Murni SD/MI|persen|n|a|98',
    'Angka Partisipasi Murni SMP/MTs|persen|n|a|82',
    'Angka putus sekolah SD|persen|t|a|0.1',
    'Angka putus sekolah SMP|persen|t|a|0.4',
    'Persentase sekolah terakreditasi minimal B|persen|n|a|92',
    'Persentase guru bersertifikat pendidik|persen|n|a|75',
    'Rasio guru terhadap murid SD|murid per guru|r|a|15~20',
    'Rata-rata lama sekolah|tahun|n|a|8.2',
    'Harapan lama sekolah|tahun|n|a|12.6',
    'Jumlah ruang kelas yang direhabilitasi|ruang|n|k|60',
    'Persentase sekolah dengan capaian literasi di atas kompetensi minimum|persen|n|a|65',
    'Persentase sekolah dengan capaian numerasi di atas kompetensi minimum|persen|n|a|55',
    'Jumlah siswa penerima bantuan seragam|siswa|n|k|4500',
    'Persentase anak usia sekolah tidak sekolah yang kembali bersekolah|persen|n|k|30',
    'Jumlah guru yang mengikuti pelatihan Kurikulum Merdeka|orang|n|k|800',
    'Persentase SD dengan sarana sanitasi layak|persen|n|a|85',
    'Jumlah taman bacaan masyarakat aktif|unit|n|a|45',
  ],
  kesehatan: [
    'Prevalensi stunting pada balita|persen|t|a|14',
    'Angka kematian ibu|per 100.000 kelahiran hidup|t|a|90',
    'Angka kematian bayi|per 1.000 kelahiran hidup|t|a|8',
    'Persentase persalinan di fasilitas pelayanan kesehatan|persen|n|a|98',
    'Cakupan imunisasi dasar lengkap|persen|n|k|95',
    'Persentase balita gizi kurang|persen|t|a|6',
    'Cakupan penemuan kasus tuberkulosis|persen|n|k|90',
    'Persentase penderita hipertensi yang mendapat pelayanan sesuai standar|persen|n|k|100',
    'Persentase penderita diabetes melitus yang mendapat pelayanan sesuai standar|persen|n|k|100',
    'Persentase puskesmas terakreditasi paripurna|persen|n|a|60',
    'Cakupan kepesertaan Jaminan Kesehatan Nasional|persen|n|a|98',
    'Persentase desa Stop Buang Air Besar Sembarangan|persen|n|a|85',
    'Jumlah kasus demam berdarah dengue|kasus|t|k|150',
    'Persentase ibu hamil mendapat tablet tambah darah|persen|n|k|95',
    'Jumlah posyandu aktif|posyandu|n|a|780',
    'Umur harapan hidup|tahun|n|a|72.4',
  ],
  rsud: [
    'Bed Occupancy Rate (BOR)|persen|r|r|60~85',
    'Average Length of Stay (AvLOS)|hari|r|r|6~9',
    'Net Death Rate (NDR)|per mil|t|r|25',
    'Waktu tunggu rawat jalan|menit|t|r|60',
    'Persentase kepatuhan identifikasi pasien|persen|n|r|100',
    'Persentase kepatuhan kebersihan tangan|persen|n|r|85',
    'Tingkat kepuasan pasien|persen|n|r|80',
    'Rasio pendapatan BLUD terhadap belanja operasional|persen|n|a|85',
    'Waktu tanggap pelayanan gawat darurat|menit|t|r|5',
    'Jumlah kunjungan pasien rawat jalan|kunjungan|n|k|96000',
  ],
  pu: [
    'Persentase panjang jalan kabupaten dalam kondisi mantap|persen|n|a|78',
    'Panjang jalan kabupaten yang ditingkatkan|km|n|k|32',
    'Panjang jalan kabupaten yang direhabilitasi|km|n|k|45',
    'Jumlah jembatan yang dibangun atau direhabilitasi|unit|n|k|8',
    'Persentase daerah irigasi kewenangan kabupaten dalam kondisi baik|persen|n|a|70',
    'Persentase rumah tangga dengan akses air minum layak|persen|n|a|92',
    'Persentase rumah tangga dengan akses sanitasi layak|persen|n|a|88',
    'Luas kawasan kumuh yang ditangani|hektare|n|k|12',
    'Persentase bangunan gedung yang memiliki PBG|persen|n|a|60',
    'Jumlah dokumen rencana detail tata ruang yang ditetapkan|dokumen|n|k|2',
    'Persentase jalan rusak berat|persen|t|a|8',
    'Panjang saluran drainase yang dibangun|km|n|k|6',
  ],
  perkim: [
    'Jumlah rumah tidak layak huni yang ditangani|unit|n|k|450',
    'Persentase rumah layak huni|persen|n|a|88',
    'Luas permukiman kumuh yang tertangani|hektare|n|k|8',
    'Persentase perumahan yang prasarana sarana dan utilitasnya diserahkan|persen|n|a|40',
    'Jumlah penerangan jalan umum terpasang|titik|n|k|300',
  ],
  trantib: [
    'Persentase pelanggaran peraturan daerah yang ditegakkan|persen|n|a|80',
    'Jumlah operasi penertiban ketertiban umum|kegiatan|n|k|96',
    'Waktu tanggap kejadian kebakaran|menit|t|r|15',
    'Persentase cakupan layanan pemadam kebakaran|persen|n|a|70',
    'Jumlah anggota Satlinmas yang dilatih|orang|n|k|400',
  ],
  sosial: [
    'Persentase penduduk miskin|persen|t|a|9.8',
    'Persentase PPKS yang mendapat bantuan sosial|persen|n|k|75',
    'Jumlah keluarga penerima manfaat yang graduasi mandiri|keluarga|n|k|350',
    'Persentase Data Terpadu Kesejahteraan Sosial yang dimutakhirkan|persen|n|a|95',
    'Jumlah penyandang disabilitas terlantar yang direhabilitasi|orang|n|k|60',
    'Jumlah korban bencana yang mendapat perlindungan sosial|orang|n|k|500',
  ],
  dukcapil: [
    'Persentase penduduk ber-KTP elektronik|persen|n|a|99',
    'Persentase anak memiliki akta kelahiran|persen|n|a|96',
    'Persentase anak memiliki Kartu Identitas Anak|persen|n|a|60',
    'Persentase penduduk yang mengaktifkan Identitas Kependudukan Digital|persen|n|k|30',
    'Rata-rata waktu penerbitan dokumen kependudukan|hari|t|r|1',
  ],
  desa: [
    'Jumlah desa berstatus mandiri|desa|n|a|18',
    'Jumlah desa tertinggal|desa|t|a|4',
    'Persentase desa yang menyampaikan APBDes tepat waktu|persen|n|a|100',
    'Jumlah BUMDes berkategori maju|BUMDes|n|a|25',
    'Persentase penyaluran dana desa tahap III tepat waktu|persen|n|a|100',
    'Rata-rata Indeks Desa|indeks|n|a|0.68',
  ],
  kb: [
    'Total fertility rate|anak per perempuan|t|a|2.1',
    'Persentase pemakaian kontrasepsi modern|persen|n|a|62',
    'Unmet need KB|persen|t|a|9',
    'Indeks Pembangunan Gender|indeks|n|a|91',
    'Jumlah kasus kekerasan terhadap perempuan dan anak yang ditangani|kasus|n|k|60',
    'Persentase perkawinan usia anak|persen|t|a|6',
  ],
  perhubungan: [
    'Persentase fasilitas perlengkapan jalan yang terpasang|persen|n|a|70',
    'Jumlah kecelakaan lalu lintas|kejadian|t|k|180',
    'Persentase kendaraan wajib uji yang lulus uji berkala|persen|n|k|85',
    'Jumlah trayek angkutan perdesaan yang terlayani|trayek|n|a|14',
    'Pendapatan retribusi parkir|juta rupiah|n|k|2400',
  ],
  kominfo: [
    'Indeks SPBE|indeks|n|a|3.2',
    'Persentase perangkat daerah yang terhubung jaringan intra pemerintah|persen|n|a|100',
    'Jumlah aplikasi layanan publik terintegrasi|aplikasi|n|a|12',
    'Persentase desa yang terjangkau internet|persen|n|a|95',
    'Indeks Keterbukaan Informasi Publik|indeks|n|a|85',
    'Jumlah insiden keamanan siber yang ditangani|insiden|n|k|10',
  ],
  lh: [
    'Indeks Kualitas Lingkungan Hidup|indeks|n|a|66',
    'Indeks Kualitas Air|indeks|n|a|55',
    'Indeks Kualitas Udara|indeks|n|a|88',
    'Persentase sampah yang tertangani|persen|n|a|75',
    'Persentase sampah yang terkurangi|persen|n|a|25',
    'Jumlah bank sampah aktif|unit|n|a|120',
    'Persentase usaha yang taat dokumen lingkungan|persen|n|a|80',
  ],
  pertanian: [
    'Produksi padi|ton GKG|n|k|412000',
    'Produktivitas padi|kuintal per hektare|n|r|61',
    'Produksi jagung|ton|n|k|86000',
    'Nilai Tukar Petani|indeks|n|r|108',
    'Skor Pola Pangan Harapan|skor|n|a|90',
    'Jumlah petani yang mengikuti asuransi usaha tani|orang|n|k|3500',
    'Populasi sapi potong|ekor|n|a|42000',
    'Persentase desa rawan pangan|persen|t|a|3',
    'Jumlah kelompok tani yang mendapat bantuan alat mesin pertanian|kelompok|n|k|60',
    'Luas lahan sawah yang dicetak atau dioptimalkan|hektare|n|k|250',
  ],
  ekonomi: [
    'Pertumbuhan jumlah usaha mikro dan kecil|persen|n|a|5',
    'Jumlah koperasi aktif yang sehat|koperasi|n|a|210',
    'Jumlah UMKM yang naik kelas|unit|n|k|150',
    'Laju inflasi kabupaten|persen|r|a|1.5~3.5',
    'Jumlah pasar rakyat yang direvitalisasi|pasar|n|k|3',
    'Persentase alat ukur yang ditera ulang|persen|n|k|85',
  ],
  investasi: [
    'Realisasi investasi PMA dan PMDN|miliar rupiah|n|k|1800',
    'Persentase perizinan terbit sesuai standar waktu|persen|n|a|95',
    'Jumlah Nomor Induk Berusaha yang diterbitkan|NIB|n|k|4200',
    'Indeks kepuasan layanan perizinan|indeks|n|r|85',
  ],
  kecamatan: [
    'Persentase pelayanan administrasi terpadu kecamatan tepat waktu|persen|n|a|95',
    'Jumlah desa yang dibina dalam penyusunan APBDes|desa|n|a|12',
    'Persentase desa yang menyampaikan laporan realisasi dana desa tepat waktu|persen|n|a|100',
    'Jumlah kegiatan ketenteraman dan ketertiban umum yang difasilitasi|kegiatan|n|k|24',
    'Persentase usulan Musrenbang kecamatan yang terakomodasi|persen|n|a|35',
    'Jumlah posyandu aktif di wilayah kecamatan|posyandu|n|a|48',
    'Persentase penduduk wajib KTP yang terlayani perekaman|persen|n|a|98',
    'Jumlah sengketa batas dan konflik sosial yang diselesaikan|kasus|n|k|4',
    'Persentase sasaran PBB perdesaan yang tertagih|persen|n|k|90',
    'Prevalensi stunting di wilayah kecamatan|persen|t|a|15',
  ],
} as const;

/** Kepala daerah PK (also how a Penjabat is evaluated by Kemendagri): macro indicators. */
export const INDIKATOR_KEPALA_DAERAH = [
  'Indeks Pembangunan Manusia|indeks|n|a|72.5',
  'Pertumbuhan ekonomi|persen|n|a|5.2',
  'Persentase penduduk miskin|persen|t|a|9.8',
  'Tingkat pengangguran terbuka|persen|t|a|4.6',
  'Prevalensi stunting|persen|t|a|14',
  'Laju inflasi|persen|r|a|1.5~3.5',
  'Indeks Reformasi Birokrasi|nilai|n|a|70',
  'Nilai SAKIP Pemerintah Daerah|nilai|n|a|72',
  'Realisasi Pendapatan Asli Daerah|persen|n|k|100',
  'Indeks Gini|indeks|t|a|0.34',
] as const;

export const PROGRAM_UMUM = ['Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota'] as const;

export const PROGRAM_BIDANG: Record<KatalogOpd['bidang'] | 'kecamatan', readonly string[]> = {
  umum: ['Program Pemerintahan dan Kesejahteraan Rakyat', 'Program Perekonomian dan Pembangunan', 'Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD'],
  pengawasan: ['Program Penyelenggaraan Pengawasan', 'Program Perumusan Kebijakan, Pendampingan dan Asistensi'],
  perencanaan: ['Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah', 'Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah', 'Program Penelitian dan Pengembangan Daerah'],
  keuangan: ['Program Pengelolaan Keuangan Daerah', 'Program Pengelolaan Pendapatan Daerah', 'Program Pengelolaan Barang Milik Daerah'],
  kepegawaian: ['Program Kepegawaian Daerah', 'Program Pengembangan Sumber Daya Manusia'],
  bencana: ['Program Penanggulangan Bencana'],
  pendidikan: ['Program Pengelolaan Pendidikan', 'Program Pengembangan Kurikulum', 'Program Pendidik dan Tenaga Kependidikan'],
  kesehatan: ['Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat', 'Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan', 'Program Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman', 'Program Pemberdayaan Masyarakat Bidang Kesehatan'],
  rsud: ['Program Pemenuhan Upaya Kesehatan Perorangan (BLUD)', 'Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan'],
  pu: ['Program Penyelenggaraan Jalan', 'Program Pengelolaan Sumber Daya Air', 'Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum', 'Program Penyelenggaraan Penataan Ruang', 'Program Pengelolaan dan Pengembangan Sistem Drainase'],
  perkim: ['Program Pengembangan Perumahan', 'Program Kawasan Permukiman', 'Program Peningkatan Prasarana, Sarana dan Utilitas Umum'],
  trantib: ['Program Peningkatan Ketenteraman dan Ketertiban Umum', 'Program Pencegahan, Penanggulangan, Penyelamatan Kebakaran dan Penyelamatan Non Kebakaran'],
  sosial: ['Program Rehabilitasi Sosial', 'Program Perlindungan dan Jaminan Sosial', 'Program Penanganan Bencana'],
  dukcapil: ['Program Pendaftaran Penduduk', 'Program Pencatatan Sipil', 'Program Pengelolaan Informasi Administrasi Kependudukan'],
  desa: ['Program Penataan Desa', 'Program Administrasi Pemerintahan Desa', 'Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat dan Masyarakat Hukum Adat'],
  kb: ['Program Pembinaan Keluarga Berencana', 'Program Perlindungan Perempuan', 'Program Pemenuhan Hak Anak'],
  perhubungan: ['Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan'],
  kominfo: ['Program Informasi dan Komunikasi Publik', 'Program Aplikasi Informatika', 'Program Penyelenggaraan Persandian untuk Pengamanan Informasi'],
  lh: ['Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup', 'Program Pengelolaan Persampahan', 'Program Perencanaan Lingkungan Hidup'],
  pertanian: ['Program Penyediaan dan Pengembangan Prasarana Pertanian', 'Program Penyediaan dan Pengembangan Sarana Pertanian', 'Program Penyuluhan Pertanian', 'Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat'],
  ekonomi: ['Program Pemberdayaan Usaha Menengah, Usaha Kecil dan Usaha Mikro', 'Program Pengawasan dan Pemeriksaan Koperasi', 'Program Peningkatan Sarana Distribusi Perdagangan'],
  investasi: ['Program Pelayanan Penanaman Modal', 'Program Promosi Penanaman Modal'],
  kecamatan: ['Program Penyelenggaraan Pemerintahan dan Pelayanan Publik', 'Program Pemberdayaan Masyarakat Desa dan Kelurahan', 'Program Koordinasi Ketenteraman dan Ketertiban Umum'],
};

export const SASARAN_BIDANG: Record<KatalogOpd['bidang'] | 'kecamatan' | 'kepala-daerah', readonly string[]> = {
  umum: ['Meningkatnya kualitas tata kelola pemerintahan', 'Meningkatnya kualitas pelayanan administrasi pimpinan', 'Meningkatnya efektivitas koordinasi kebijakan'],
  pengawasan: ['Meningkatnya kualitas pengawasan internal', 'Meningkatnya akuntabilitas keuangan dan kinerja perangkat daerah'],
  perencanaan: ['Meningkatnya kualitas perencanaan pembangunan daerah', 'Meningkatnya pemanfaatan riset dan inovasi daerah'],
  keuangan: ['Meningkatnya akuntabilitas pengelolaan keuangan daerah', 'Meningkatnya kemandirian keuangan daerah'],
  kepegawaian: ['Meningkatnya profesionalitas ASN', 'Meningkatnya kualitas manajemen kepegawaian'],
  bencana: ['Meningkatnya ketangguhan masyarakat menghadapi bencana', 'Meningkatnya kecepatan penanganan darurat bencana'],
  pendidikan: ['Meningkatnya akses pendidikan dasar yang merata', 'Meningkatnya mutu pendidikan', 'Meningkatnya kualitas pendidik dan tenaga kependidikan'],
  kesehatan: ['Meningkatnya derajat kesehatan masyarakat', 'Menurunnya prevalensi stunting', 'Meningkatnya mutu pelayanan kesehatan dasar'],
  rsud: ['Meningkatnya mutu pelayanan rumah sakit', 'Meningkatnya kemandirian keuangan BLUD'],
  pu: ['Meningkatnya kualitas infrastruktur jalan dan jembatan', 'Meningkatnya layanan air minum dan sanitasi', 'Meningkatnya kesesuaian pemanfaatan ruang'],
  perkim: ['Meningkatnya kualitas perumahan dan permukiman', 'Berkurangnya kawasan kumuh'],
  trantib: ['Meningkatnya ketenteraman dan ketertiban umum', 'Meningkatnya perlindungan masyarakat dari bahaya kebakaran'],
  sosial: ['Menurunnya angka kemiskinan', 'Meningkatnya perlindungan sosial bagi PPKS'],
  dukcapil: ['Meningkatnya kepemilikan dokumen kependudukan', 'Meningkatnya kualitas layanan administrasi kependudukan'],
  desa: ['Meningkatnya kemandirian desa', 'Meningkatnya tata kelola pemerintahan desa'],
  kb: ['Terkendalinya pertumbuhan penduduk', 'Meningkatnya perlindungan perempuan dan anak'],
  perhubungan: ['Meningkatnya keselamatan lalu lintas', 'Meningkatnya layanan angkutan umum'],
  kominfo: ['Meningkatnya penerapan SPBE', 'Meningkatnya keterbukaan informasi publik'],
  lh: ['Meningkatnya kualitas lingkungan hidup', 'Meningkatnya pengelolaan sampah'],
  pertanian: ['Meningkatnya produksi dan produktivitas pertanian', 'Meningkatnya ketahanan pangan masyarakat'],
  ekonomi: ['Meningkatnya daya saing UMKM dan koperasi', 'Terkendalinya harga dan distribusi barang'],
  investasi: ['Meningkatnya realisasi investasi', 'Meningkatnya kualitas layanan perizinan'],
  kecamatan: ['Meningkatnya kualitas pelayanan publik kecamatan', 'Meningkatnya kualitas pembinaan pemerintahan desa'],
  'kepala-daerah': ['Meningkatnya kualitas sumber daya manusia', 'Meningkatnya pertumbuhan ekonomi yang inklusif', 'Meningkatnya tata kelola pemerintahan yang baik'],
};

export const NAMA_DEPAN = [
  'Ahmad', 'Budi', 'Siti', 'Dewi', 'Agus', 'Sri', 'Bambang', 'Rina', 'Hendra', 'Yuliana', 'Joko', 'Nurul', 'Dedi', 'Ratna',
  'Eko', 'Wulan', 'Heru', 'Lestari', 'Andi', 'Fitri', 'Rudi', 'Endang', 'Iwan', 'Kartika', 'Slamet', 'Rahmawati', 'Teguh', 'Maya',
] as const;
export const NAMA_BELAKANG = [
  'Suryadi', 'Hidayat', 'Rahayu', 'Wibowo', 'Santoso', 'Lestari', 'Kurniawan', 'Permana', 'Setiawan', 'Nugroho', 'Pratama',
  'Handayani', 'Saputra', 'Susanti', 'Firmansyah', 'Hermawan', 'Purnomo', 'Maulana', 'Safitri', 'Gunawan',
] as const;
export const GELAR_BELAKANG = ['S.E., M.M.', 'S.Sos., M.Si.', 'S.T., M.T.', 'S.Pd., M.Pd.', 'S.H., M.H.', 'S.IP., M.A.P.', 'S.Kom., M.Kom.', 'S.P., M.P.', 'S.K.M., M.Kes.', 'S.STP., M.Si.'] as const;
export const PANGKAT = ['Pembina Utama Muda (IV/c)', 'Pembina Tingkat I (IV/b)', 'Pembina (IV/a)'] as const;

export const MASALAH = [
  ['Keterlambatan proses pengadaan barang/jasa', 'Percepatan tender melalui koordinasi dengan UKPBJ dan pemaketan ulang'],
  ['Data dari instansi vertikal belum tersedia', 'Koordinasi dengan BPS dan instansi vertikal untuk rilis data sementara'],
  ['Refocusing anggaran mengurangi volume kegiatan', 'Prioritaskan kegiatan berdampak langsung dan usulkan tambahan pada Perubahan APBD'],
  ['Keterbatasan SDM teknis di lapangan', 'Penugasan tenaga pendamping dan pelatihan singkat bagi petugas'],
  ['Curah hujan tinggi menghambat pekerjaan fisik', 'Penyesuaian jadwal pelaksanaan dan penambahan tenaga kerja'],
  ['Rendahnya partisipasi masyarakat', 'Sosialisasi bersama kecamatan, desa dan tokoh masyarakat'],
  ['Sistem informasi belum terintegrasi', 'Integrasi aplikasi dengan Diskominfo dan pemutakhiran data bulanan'],
  ['Pencairan dana transfer dari pusat terlambat', 'Koordinasi dengan BPKPD untuk penjadwalan ulang pembayaran'],
] as const;

export const ALASAN_TDI = [
  'Data BPS belum dirilis',
  'Survei kepuasan masyarakat belum dilaksanakan',
  'Menunggu hasil verifikasi kementerian',
  'Data dari aplikasi pusat belum dapat diunduh',
] as const;
