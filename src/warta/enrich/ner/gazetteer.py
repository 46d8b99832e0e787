"""Cue-word and name lists the tagger uses as features.

These are facts of Indonesian usage and geography, written for this project: titles that
precede a person's name, words that open a place or organisation name, speech verbs that
follow a speaker, and single-word names of countries, provinces, cities, parties and
well-known institutions. Every entry is lower case; matching is on the lower-cased token.
The CRF learns how much each list is worth, so a list only needs to be mostly right.
"""

from __future__ import annotations

__all__ = ["GAZETTEERS"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PERSON_TITLES = _words(
    """
    presiden wapres menteri menko mendagri menkeu menlu menhan menkes mendikbud gubernur
    wagub bupati wabup walikota wali camat lurah kades kapolri kapolda kapolres kapolsek
    panglima jenderal letjen mayjen brigjen kolonel komjen irjen kombes akbp kapten mayor
    ketua ketum wakil direktur dirut sekjen sekretaris kepala kabag kasat kasubdit dubes
    pak bu bapak ibu mbak mas bang kak om tante prof dr dr. drs drs. ir ir. h. hj. kh kh.
    ustaz ustad habib kiai kyai raja ratu pangeran putri sultan paus pastor pendeta
    pelatih striker gelandang penyerang kiper bek pemain petenis pebulutangkis pembalap
    jubir juru anggota senator hakim jaksa pengacara kuasa artis penyanyi aktor aktris
    sutradara penulis pengamat ekonom analis peneliti dosen rektor dekan mr mrs ms sir
    syekh tuan nyonya saudara sang almarhum mendiang perdana pm kanselir
    """
)

SPEECH_VERBS = _words(
    """
    kata ujar ucap tutur jelas ungkap tegas imbuh tambah terang sebut papar pungkas
    katanya ujarnya ucapnya tuturnya jelasnya ungkapnya tegasnya imbuhnya tambahnya
    mengatakan menyatakan menjelaskan mengungkapkan menegaskan menambahkan menuturkan
    """
)

PLACE_CUES = _words(
    """
    kota kabupaten kab kab. provinsi kecamatan kelurahan desa dusun kampung jalan jl jl.
    pulau gunung sungai danau teluk selat laut samudra samudera tanjung bandara pelabuhan
    stasiun terminal gedung istana masjid gereja pura candi pantai taman negara benua
    wilayah kawasan daerah kepulauan lembah bukit hotel stadion
    """
)

ORG_CUES = _words(
    """
    pt pt. cv tbk tbk. partai universitas institut sekolah akademi politeknik kementerian
    kemenkes kemenkeu kemendagri kemenlu kemenhub badan komisi dinas dewan lembaga
    yayasan bank klub fc perusahaan polda polres polsek kodam korem kodim pengadilan
    kejaksaan kejagung kejati kejari mahkamah rs rsud persatuan asosiasi ikatan himpunan
    federasi perhimpunan organisasi majelis fraksi grup group corp corp. inc inc. ltd
    co. tv radio harian koran majalah kantor satuan pasukan tim timnas kabinet
    """
)

PLACE_NAMES = _words(
    """
    indonesia malaysia singapura thailand filipina vietnam myanmar kamboja laos brunei
    timor tiongkok china cina rrt jepang korea taiwan india pakistan bangladesh nepal
    arab saudi iran irak suriah turki mesir israel palestina yordania lebanon qatar
    kuwait yaman afghanistan rusia ukraina belarus jerman prancis perancis inggris
    britania italia spanyol portugal belanda belgia swiss austria swedia norwegia
    denmark finlandia polandia ceko hongaria yunani rumania serbia kroasia amerika as
    kanada meksiko brasil brazil argentina chili kolombia peru venezuela kuba australia
    selandia afrika nigeria kenya ethiopia maroko aljazair tunisia libya sudan eropa
    asia aceh sumatera sumatra medan padang pekanbaru riau jambi palembang bengkulu
    lampung banten jakarta bandung jawa semarang yogyakarta jogja yogya surabaya bali
    denpasar lombok mataram ntt ntb kupang kalimantan pontianak palangkaraya banjarmasin
    samarinda balikpapan sulawesi manado makassar palu kendari gorontalo maluku ambon
    ternate papua jayapura manokwari sorong bogor depok tangerang bekasi solo surakarta
    malang batam cirebon tasikmalaya garut sukabumi kediri madiun jember banyuwangi
    magelang klaten purwokerto tegal pekalongan sleman bantul senayan monas menteng
    london paris washington moskow moscow beijing tokyo seoul kiev kyiv sydney
    canberra berlin roma madrid barcelona manchester liverpool milan munich doha dubai
    riyadh teheran baghdad damaskus kairo yerusalem gaza bangkok manila hanoi
    kuala lumpur hongkong shanghai new york california texas florida
    """
)

ORG_NAMES = _words(
    """
    dpr mpr dpd dprd kpk kpu bawaslu polri tni bi ojk bumn pbb asean nato ue who imf
    fifa uefa pssi pdip pdi-p golkar gerindra demokrat pks pkb pan ppp nasdem hanura
    perindo psi nu muhammadiyah mui bpk bps bmkg bnpb bnn basarnas kemenkeu kemenkes
    kemendagri kemenlu kemenhub pertamina pln telkom garuda ui ugm itb ipb unair undip
    polda polres kejagung ma mk ky kpai komnas ham ylki bpjs kadin apindo reuters afp
    ap antara kompas detik tempo cnn bbc google facebook twitter apple microsoft samsung
    toyota honda
    """
)

PERSON_FIRST_NAMES = _words(
    """
    muhammad mohammad mohamad ahmad achmad abdul siti nur nurul agus budi joko bambang
    sri dwi tri eko andi hadi dedi rudi yusuf ali hasan ibrahim rizal hendra susilo
    anies prabowo ganjar sandiaga ridwan puan megawati jokowi basuki teten luhut erick
    sri mulyani retno yasonna mahfud tito budi arief agung wahyu dian dewi ratna indah
    putri putra fajar rahmat rahmad taufik hidayat ismail umar usman hamzah irfan
    donald joe vladimir xi barack angela emmanuel boris kim shinzo recep benjamin
    """
)

# Name of the feature each list fires, in a fixed order so features are deterministic.
GAZETTEERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("ptitle", PERSON_TITLES),
    ("speech", SPEECH_VERBS),
    ("pcue", PLACE_CUES),
    ("ocue", ORG_CUES),
    ("place", PLACE_NAMES),
    ("org", ORG_NAMES),
    ("first", PERSON_FIRST_NAMES),
)
